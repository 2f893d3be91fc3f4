package io.voiceload.http;

/**
 * A request that got no response: the connection could not be made, broke, or the client was closed. The
 * message names the request ({@code GET /calls/{id}}) and the address; the cause is the library's exception.
 */
public class HttpTransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HttpTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
