package org.jdvc.jukebox.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the v2 inference request parser (Jazzer; see core's {@code ParsersFuzzTest}): whatever
 * the body, it parses or throws {@link BadRequestException} (the server's 400); anything else is a finding.
 */
class InferenceRequestFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] body) {
        try {
            InferenceRequest.parse(body, 4096 * 13);
        } catch (BadRequestException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a 400 without a message", e);
            }
        }
    }
}
