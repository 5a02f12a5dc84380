/**
 * Gatling simulations of authcloud's speed goals, run against a running stack (deploy/local, or a cluster
 * given by {@code -Dgateway} and {@code -Dissuer}) with real tokens, real mail and the services' real limits:
 * <ul>
 *   <li>{@link io.authcloud.loadtest.BackupStormSimulation}: "PUT replace" ({@code -Dop=put}) or "GET backup"
 *       ({@code -Dop=get});</li>
 *   <li>{@link io.authcloud.loadtest.PushApprovalSimulation}: "sign-in request", "push inbox (local)", "push
 *       answer", "sign-in status";</li>
 *   <li>{@link io.authcloud.loadtest.RecoveryFlowSimulation}: the group "recovery flow" (server time of a whole
 *       recovery) and its requests;</li>
 *   <li>{@link io.authcloud.loadtest.OtpVerifySimulation}: "OTP start", "OTP verify".</li>
 * </ul>
 *
 * <p>Run one (Maven runs of the project are serialized on this machine by a lock):
 * <pre>
 * flock /tmp/authcloud-maven.lock ./mvnw -B -q -pl deploy/loadtest gatling:test \
 *   -Dgatling.simulationClass=io.authcloud.loadtest.RecoveryFlowSimulation [-Drate=20] [-DdurationSeconds=15] [-DwarmupSeconds=5]
 * # maximum rate: -Dinjection=closed -Dconcurrency=16 [-DexpectedRate=...]
 * # smoke: -DdurationSeconds=3 -DwarmupSeconds=1 -Drate=2
 * </pre>
 * The set-up before the warm-up creates the test people in the realm (once; named {@code load-backup-00001},
 * {@code load-push-...}, {@code load-recovery-...}, {@code load-otp-...}), signs them in, and gives them what the
 * scenario needs; during the run tokens are only refreshed. What the people's phones remember and how much
 * of each limit they used is kept in {@code ~/.cache/authcloud/loadtest/<keycloak host_port>/}.
 *
 * <p>Results: Gatling's report in {@code deploy/loadtest/target/gatling/<simulation>-<timestamp>/index.html}
 * and, written by the simulation since Gatling 3.15 writes no JSON, {@code js/stats.json} in the same folder
 * (the layout of Gatling's former stats.json; see {@link io.authcloud.loadtest.Stats}). Names starting with
 * "warmup " are the warm-up's; every other name is measured. A run fails unless every request got the status
 * it expected.
 */
package io.authcloud.loadtest;
