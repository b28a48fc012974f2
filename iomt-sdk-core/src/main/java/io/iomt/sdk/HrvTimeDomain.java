package io.iomt.sdk;

/**
 * Time-domain HRV measures of an NN series, after the Task Force of the ESC and NASPE (1996) and
 * Kubios. Immutable and thread-safe; {@link #toString()} shows only the count.
 *
 * @param count number of NN intervals N
 * @param meanNn mean NN interval in ms
 * @param sdnn standard deviation of the NN intervals in ms, divisor N − 1
 * @param rmssd root mean square of the N − 1 successive differences, in ms
 * @param sdsd standard deviation of the signed successive differences in ms, divisor N − 2 (that
 *     is n − 1 over the N − 1 differences). Some tools, such as pyHRV, use the absolute differences
 * @param nn50 number of successive differences whose absolute value is strictly greater than 50 ms
 * @param pnn50 {@code nn50 / (N − 1) · 100}, in percent
 * @param nn20 number of successive differences whose absolute value is strictly greater than 20 ms
 * @param pnn20 {@code nn20 / (N − 1) · 100}, in percent
 * @param minNn shortest NN interval in ms
 * @param maxNn longest NN interval in ms
 * @param medianNn median NN interval in ms
 * @param meanHr mean of the instantaneous heart rates {@code 60000 / NN}, in bpm; this differs
 *     from {@code 60000 / meanNn}
 * @param sdHr standard deviation (divisor N − 1) of the instantaneous heart rates, in bpm
 * @param minHr lowest instantaneous heart rate, {@code 60000 / maxNn}, in bpm (beat to beat, no averaging)
 * @param maxHr highest instantaneous heart rate, {@code 60000 / minNn}, in bpm
 */
public record HrvTimeDomain(int count, double meanNn, double sdnn, double rmssd, double sdsd, int nn50, double pnn50,
        int nn20, double pnn20, double minNn, double maxNn, double medianNn, double meanHr, double sdHr, double minHr,
        double maxHr) {

    @Override
    public String toString() {
        return "HrvTimeDomain[count=" + count + "]";
    }
}
