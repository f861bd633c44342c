package dev.callvault.dashboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The dashboard: the web app and its backend-for-frontend, port 8087. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DashboardApplication {

    /**
     * Starts the dashboard.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }
}
