package dev.callvault.dashboard.api;

import java.util.List;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;

/** Builds a service's path and query from the app's parameters, passing on only the filters the service knows. */
final class Queries {

    private Queries() {
    }

    /**
     * @param path       the service's path, e.g. {@code /v1/recordings}
     * @param parameters the app's query parameters
     * @param allowed    the names passed on; any other is dropped
     * @return the encoded path and query
     */
    static String of(String path, Map<String, String> parameters, List<String> allowed) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        for (String name : allowed) {
            String value = parameters.get(name);
            if (value != null && !value.isBlank()) {
                uri.queryParam(name, value.strip());
            }
        }
        return uri.encode().build().toUriString();
    }
}
