package io.iomt.sdk.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * Invokes one handler once in a fresh JVM, configured from the environment as in Lambda, and
 * prints how long the JVM took from its start to the end of that first event. Used by the
 * cold-start benchmark against dynalite and the simulator; never deployed as a handler.
 *
 * <pre>{@code
 * java -cp iomt-lambda-deploy.jar io.iomt.sdk.lambda.LocalInvoke worker '{"connection":"s/google-health"}'
 * java -cp iomt-lambda-deploy.jar io.iomt.sdk.lambda.LocalInvoke bare-get-item 's/google-health'
 * }</pre>
 *
 * <p>Exits with status 1 when the event failed, 2 on wrong arguments.
 */
public final class LocalInvoke {

    private LocalInvoke() {
    }

    /** Runs {@code args[0]} (worker or bare-get-item) on {@code args[1]}. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: LocalInvoke worker SQS_MESSAGE_BODY | LocalInvoke bare-get-item TOKEN_TABLE_PK");
            System.exit(2);
        }
        // Read before the handler runs, so the management classes load outside the handler's class list.
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        boolean ok;
        if (args[0].equals("worker")) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("local-1");
            message.setBody(args[1]);
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(message));
            SQSBatchResponse response = new SyncWorkerHandler().handleRequest(event, null);
            ok = response.getBatchItemFailures().isEmpty();
        } else if (args[0].equals("bare-get-item")) {
            ok = new BareGetItemHandler().handleRequest(Map.of("key", args[1]), null);
        } else {
            System.err.println("unknown handler " + args[0] + "; use worker or bare-get-item");
            System.exit(2);
            return;
        }
        long sinceStart = System.currentTimeMillis() - jvmStart;
        System.out.println("first-event-ms=" + sinceStart + " ok=" + ok);
        System.exit(ok ? 0 : 1);
    }
}
