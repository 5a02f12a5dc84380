package io.authcloud.platform.problem;

import java.util.Set;

/**
 * Tells a failure of something a request depends on (the database, Redis, another service) that may pass by
 * itself, from a bug: a connection refused, closed or timed out, a pool with no connection to give in time, a
 * breaker open. Such a request is answered 503 with {@code Retry-After}, not 500 (docs/reliability.md, "Pauses").
 * Found by class name along the causes, so that the chassis needs none of the clients on its compile path twice.
 */
final class DependencyFailures {

    /** The classes (or a superclass of) that mean "not available now". */
    private static final Set<String> TRANSIENT = Set.of(
            "org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException",
            "java.net.ConnectException",
            "java.net.SocketTimeoutException",
            "java.util.concurrent.TimeoutException",
            "io.smallrye.mutiny.TimeoutException",
            "io.netty.channel.ConnectTimeoutException",
            "io.vertx.core.http.ConnectionPoolTooBusyException",
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.vertx.core.impl.NoStackTraceTimeoutException",
            "io.vertx.core.net.impl.ConnectionBase$ClosedConnectionException");

    private DependencyFailures() {
    }

    /** True when {@code e} or one of its causes is a dependency that failed to answer. */
    static boolean isTransient(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isPoolTimeout(cause)) {
                return true;
            }
            for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
                if (TRANSIENT.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Vert.x's SQL pool says it had no connection to give within its acquisition timeout with a bare
     * {@code NoStackTraceThrowable("Timeout")}; Hibernate Reactive says "Timeout waiting for connection".
     */
    private static boolean isPoolTimeout(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getName().equals("io.vertx.core.impl.NoStackTraceThrowable")
                && message != null && message.startsWith("Timeout");
    }
}
