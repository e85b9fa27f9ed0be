package org.jdvc.jukebox.data;

import java.util.List;

/**
 * The 72 national playlists the model scores, in label order (alphabetical ISO alpha-2, as upstream sorts them).
 * The Global playlist (empty country) is not a label.
 */
public final class Countries {
    private static final List<String> CODES = List.of(
            "AE", "AR", "AT", "AU", "BE", "BG", "BO", "BR", "BY", "CA", "CH", "CL", "CO", "CR", "CZ", "DE", "DK", "DO",
            "EC", "EE", "EG", "ES", "FI", "FR", "GB", "GR", "GT", "HK", "HN", "HU", "ID", "IE", "IL", "IN", "IS", "IT",
            "JP", "KR", "KZ", "LT", "LU", "LV", "MA", "MX", "MY", "NG", "NI", "NL", "NO", "NZ", "PA", "PE", "PH", "PK",
            "PL", "PT", "PY", "RO", "SA", "SE", "SG", "SK", "SV", "TH", "TR", "TW", "UA", "US", "UY", "VE", "VN", "ZA");

    /** Number of labels. */
    public static final int COUNT = 72;

    private Countries() {
    }

    /** The 72 codes in label order; immutable. */
    public static List<String> codes() {
        return CODES;
    }

    /** The label index of {@code code}, or -1 when it is not one of the 72 (e.g. empty for Global). */
    public static int indexOf(String code) {
        return code == null ? -1 : java.util.Collections.binarySearch(CODES, code);
    }
}
