package io.voiceload.platform.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes (at.favre.lib:bcrypt, version 2a). Passwords longer than bcrypt's 72 bytes are
 * refused when hashing and never match when verifying, rather than being cut silently.
 */
final class Passwords {

    static final int MAX_BYTES = 72;

    private final int cost;
    private final String dummyHash;

    /**
     * @param dummyHash a hash at the same cost, verified against when a username is unknown so that the
     *     answer takes as long as for a known one
     */
    Passwords(int cost, String dummyHash) {
        this.cost = cost;
        this.dummyHash = dummyHash;
    }

    static String hash(int cost, String password) {
        if (!fits(password)) {
            throw new IllegalArgumentException("a password must be 1-" + MAX_BYTES + " bytes");
        }
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    String hash(String password) {
        return hash(cost, password);
    }

    /** True when {@code password} matches {@code hash}; null {@code hash}: checks the dummy, then false. */
    boolean verify(String password, String hash) {
        String against = hash == null ? dummyHash : hash;
        // Over-long passwords still cost one verification (of a truncated copy), then fail.
        boolean fits = fits(password);
        String checked = fits ? password : truncate(password);
        boolean verified =
                BCrypt.verifyer().verify(checked.toCharArray(), against.getBytes(StandardCharsets.UTF_8)).verified;
        return hash != null && fits && verified;
    }

    static boolean fits(String password) {
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= 1 && bytes <= MAX_BYTES;
    }

    private static String truncate(String password) {
        return password.isEmpty() ? "x" : password.substring(0, Math.min(password.length(), MAX_BYTES / 4));
    }
}
