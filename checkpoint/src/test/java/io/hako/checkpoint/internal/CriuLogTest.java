package io.hako.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CRIU's reason, from its log. */
class CriuLogTest {
    @Test
    void theErrorLinesAreQuotedWithoutTheirSourcePositions() {
        String log = """
                (00.000000) Version: 3.17.1
                (00.000500) Error (criu/cr-service.c:1:): exited, status=1
                (00.001000) Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds
                (00.001100) Warn  (criu/kerndat.c:1): not an error
                (00.001200) Error (criu/kerndat.c:1615): kerndat_vdso_fill_symtable failed
                Error (criu/a.c:1): third
                Error (criu/a.c:2): fourth
                """;
        assertEquals(List.of("vdso: Unexpected rt vDSO area bounds", "kerndat_vdso_fill_symtable failed", "third"),
                CriuLog.errors(log));
    }

    @Test
    void noLogNoReason() {
        assertEquals(List.of(), CriuLog.errors(Path.of("/nonexistent/dump.log")));
    }
}
