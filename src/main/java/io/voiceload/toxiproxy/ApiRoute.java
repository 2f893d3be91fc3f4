package io.voiceload.toxiproxy;

import java.util.Set;

/**
 * The API's routes (Toxiproxy's gorilla/mux table): a path variable is one non-empty segment. An unknown path is a
 * 404, a known path with another method a 405.
 */
record ApiRoute(Kind kind, String proxy, String toxic) {

    enum Kind {
        RESET("POST"),
        PROXIES("GET", "POST"),
        POPULATE("POST"),
        PROXY("GET", "POST", "PATCH", "DELETE"),
        TOXICS("GET", "POST"),
        TOXIC("GET", "POST", "PATCH", "DELETE"),
        VERSION("GET"),
        /** Served only with {@code -proxy-metrics}: without it the path is unknown (404), as upstream. */
        METRICS("GET");

        private final Set<String> methods;

        Kind(String... methods) {
            this.methods = Set.of(methods);
        }
    }

    boolean allows(String method) {
        return kind.methods.contains(method);
    }

    /** The route for a (decoded) path, or {@code null}. */
    static ApiRoute match(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        String[] s = path.substring(1).split("/", -1);
        switch (s.length) {
            case 1 -> {
                return switch (s[0]) {
                    case "reset" -> new ApiRoute(Kind.RESET, null, null);
                    case "proxies" -> new ApiRoute(Kind.PROXIES, null, null);
                    case "populate" -> new ApiRoute(Kind.POPULATE, null, null);
                    case "version" -> new ApiRoute(Kind.VERSION, null, null);
                    case "metrics" -> new ApiRoute(Kind.METRICS, null, null);
                    default -> null;
                };
            }
            case 2 -> {
                return s[0].equals("proxies") && !s[1].isEmpty() ? new ApiRoute(Kind.PROXY, s[1], null) : null;
            }
            case 3 -> {
                return s[0].equals("proxies") && !s[1].isEmpty() && s[2].equals("toxics")
                        ? new ApiRoute(Kind.TOXICS, s[1], null)
                        : null;
            }
            case 4 -> {
                return s[0].equals("proxies") && !s[1].isEmpty() && s[2].equals("toxics") && !s[3].isEmpty()
                        ? new ApiRoute(Kind.TOXIC, s[1], s[3])
                        : null;
            }
            default -> {
                return null;
            }
        }
    }
}
