package org.jdvc.jukebox.serve;

/** A request the server cannot answer because of what the client sent; answered with 400 and a JSON error. */
public final class BadRequestException extends Exception {
    public BadRequestException(String message) {
        super(message);
    }
}
