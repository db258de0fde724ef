package io.hako.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.checkpoint.internal.rpc.CriuRpc.criu_notify;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req_type;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_resp;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_restore_resp;
import io.hako.sys.Fd;
import io.hako.sys.Spawn;
import io.hako.sys.Sys;
import io.hako.sys.UnixSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * CRIU's notifications as the service hands them over: the test plays CRIU at the socket pair's other end, sends
 * a notification with a descriptor attached (as "orphan-pts-master" comes), and reads the acknowledgement.
 */
class CriuServiceTest {
    private static final criu_req RESTORE = criu_req.newBuilder().setType(criu_req_type.RESTORE).build();

    /** CRIU's side: takes the request, notifies with {@code attached}, returns the acknowledgement's verdict. */
    private static CompletableFuture<Boolean> criu(UnixSocket end, Fd attached, boolean restored) {
        return CompletableFuture.supplyAsync(() -> {
            try (end) {
                assertEquals(criu_req_type.RESTORE, criu_req.parseFrom(end.receive(4096).data()).getType());
                end.send(criu_resp.newBuilder().setType(criu_req_type.NOTIFY).setSuccess(true)
                        .setNotify(criu_notify.newBuilder().setScript("orphan-pts-master")).build().toByteArray(),
                        attached);
                criu_req ack = criu_req.parseFrom(end.receive(4096).data());
                assertEquals(criu_req_type.NOTIFY, ack.getType());
                end.send(criu_resp.newBuilder().setType(criu_req_type.RESTORE).setSuccess(restored)
                        .setRestore(criu_restore_resp.newBuilder().setPid(42)).build().toByteArray());
                return ack.getNotifySuccess();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static int exitedChild() throws Exception {
        return Spawn.spawn("/bin/true", List.of("true"), List.of());
    }

    @Test
    void aNotificationsDescriptorReachesItsHandlerAndIsAcknowledged() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        Fd[] pipe = Sys.pipe();
        Sys.writeFully(pipe[1], "master".getBytes(StandardCharsets.UTF_8));
        pipe[1].close();
        CompletableFuture<Boolean> acknowledged = criu(pair[1], pipe[0], true);
        List<String> seen = new ArrayList<>();
        try (CriuService service = CriuService.over(pair[0], exitedChild())) {
            criu_resp answer = service.call(RESTORE, (script, pid, fds) -> {
                byte[] read = new byte[16];
                try {
                    int n = Sys.read(fds.getFirst(), read);
                    seen.add(script + ": " + new String(read, 0, n, StandardCharsets.UTF_8));
                } catch (io.hako.sys.SysException e) {
                    throw new CriuException(e.getMessage(), e);
                }
            });
            assertEquals(42, answer.getRestore().getPid());
        } finally {
            pipe[0].close();
        }
        assertEquals(List.of("orphan-pts-master: master"), seen);
        assertEquals(true, acknowledged.get());
    }

    @Test
    void aHandlersFailureIsToldToCriuAndIsTheCallsFailure() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        Fd[] pipe = Sys.pipe();
        pipe[1].close();
        CompletableFuture<Boolean> acknowledged = criu(pair[1], pipe[0], false);
        try (CriuService service = CriuService.over(pair[0], exitedChild())) {
            CriuException failure = assertThrows(CriuException.class, () -> service.call(RESTORE, (script, pid, fds) -> {
                throw new CriuException("restore: there is no console socket");
            }));
            assertEquals("restore: there is no console socket", failure.getMessage());
        } finally {
            pipe[0].close();
        }
        assertEquals(false, acknowledged.get(), "CRIU is told the notification failed");
    }
}
