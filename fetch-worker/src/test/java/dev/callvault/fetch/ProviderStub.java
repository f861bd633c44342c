package dev.callvault.fetch;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;

/** The one WireMock server of the module's tests (dynamic port), playing the providers' APIs; started on first use. */
public final class ProviderStub {

    /** The server; tests keep apart by unique paths (fresh recording ids). */
    public static final WireMockServer SERVER = start();

    private ProviderStub() {
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-stop"));
        return server;
    }
}
