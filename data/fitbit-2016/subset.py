#!/usr/bin/env python3
"""Cut the bundled 8-day subset out of the Fitabase export (see PROVENANCE.md).

Usage: subset.py SOURCE_DIR [OUTPUT_DIR]

SOURCE_DIR contains the original gzip files named in PROVENANCE.md. Rows are copied byte for byte,
line endings included; only rows of the selected user and days are kept.
"""
import datetime
import gzip
import os
import sys

USER = b"2347167796"
FIRST_DAY = datetime.date(2016, 4, 21)
LAST_DAY = datetime.date(2016, 4, 28)


def local_date(field):
    # Fitabase times are "M/d/yyyy h:mm:ss AM"; only the date part decides the local day.
    month, day, year = field.split(b" ")[0].split(b"/")
    return datetime.date(int(year), int(month), int(day))


def read_lines(path):
    with gzip.open(path, "rb") as source:
        return source.read().splitlines(keepends=True)


def write_lines(path, lines):
    # mtime=0 keeps the gzip bytes identical across runs.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as target:
        target.writelines(lines)


def in_days(date):
    return FIRST_DAY <= date <= LAST_DAY


def cut_by_row_day(source, target):
    lines = read_lines(source)
    kept = [lines[0]]
    for line in lines[1:]:
        fields = line.rstrip(b"\r\n").split(b",")
        if len(fields) >= 2 and fields[0] == USER and in_days(local_date(fields[1])):
            kept.append(line)
    write_lines(target, kept)
    return len(kept) - 1


def cut_sleep_by_log_end_day(source, target):
    # A sleep log belongs to the local day on which its last minute falls, so whole logs are kept.
    lines = read_lines(source)
    logs = {}
    for line in lines[1:]:
        fields = line.rstrip(b"\r\n").split(b",")
        if len(fields) >= 4 and fields[0] == USER:
            logs.setdefault(fields[3], []).append(line)
    kept = [lines[0]]
    for log_lines in logs.values():
        times = [parse_time(l.split(b",")[1]) for l in log_lines]
        if in_days(max(times).date()):
            kept.extend(log_lines)
    write_lines(target, kept)
    return len(kept) - 1


def parse_time(field):
    return datetime.datetime.strptime(field.decode("ascii").strip(), "%m/%d/%Y %I:%M:%S %p")


def main():
    source_dir = sys.argv[1]
    output_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
    rows = cut_by_row_day(os.path.join(source_dir, "heartrate_seconds", "month2_heartrate_seconds_2347167796.csv.gz"),
                          os.path.join(output_dir, "heartrate_seconds_2347167796.csv.gz"))
    print("heart rate rows:", rows)
    rows = cut_by_row_day(os.path.join(source_dir, "month2_minuteStepsNarrow_merged_4users.csv.gz"),
                          os.path.join(output_dir, "minuteStepsNarrow_2347167796.csv.gz"))
    print("step rows:", rows)
    rows = cut_sleep_by_log_end_day(os.path.join(source_dir, "month2_minuteSleep_merged.csv.gz"),
                                    os.path.join(output_dir, "minuteSleep_2347167796.csv.gz"))
    print("sleep rows:", rows)


if __name__ == "__main__":
    main()
