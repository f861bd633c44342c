package dev.callvault.platform;

import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.kafka.ConsumerFailures;
import dev.callvault.platform.kafka.ConsumerHealthIndicator;
import dev.callvault.platform.kafka.KafkaHealthIndicator;
import dev.callvault.platform.secrets.WellKnownSecrets;
import dev.callvault.platform.security.DashboardClaims;
import dev.callvault.platform.security.DashboardSecurity;
import dev.callvault.platform.security.DashboardTokens;
import dev.callvault.platform.security.JwtProperties;
import dev.callvault.platform.security.ProblemDetailSecurityHandlers;
import dev.callvault.platform.storage.EnableObjectStorage;
import dev.callvault.platform.tenants.TenantCredentials;
import dev.callvault.platform.web.ProblemDetailsAdvice;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Wires the shared pieces into every service that has this module on its class path: the tenants' credentials
 * ({@code callvault.tenants.*}), the {@code kafka} health component and the {@link AcknowledgedPublisher} where Kafka is
 * used, and dashboard JWT verification where Spring Security's resource server is present. The recordings bucket is opt-in: {@link EnableObjectStorage}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        beforeName = {"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
                // so that our problem-details advice stands in for Boot's ProblemDetailsExceptionHandler
                "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration"})
public class PlatformAutoConfiguration {

    /** The tenants and their provider credentials, {@code callvault.tenants.<id>.<provider>.*}. */
    @Bean
    @ConditionalOnMissingBean
    TenantCredentials tenantCredentials(ConfigurableEnvironment environment) {
        return new TenantCredentials(Binder.get(environment));
    }

    /**
     * Outside the {@code local} profile, a service refuses to start with a credential published in the repository
     * ({@link WellKnownSecrets}).
     */
    @Bean
    @ConditionalOnMissingBean
    WellKnownSecrets wellKnownSecrets(ConfigurableEnvironment environment) {
        return new WellKnownSecrets(environment);
    }

    /** The broker's health where the application talks to Kafka. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.kafka.core.KafkaAdmin",
            "org.springframework.boot.health.contributor.AbstractHealthIndicator"})
    static class KafkaHealthConfiguration {

        @Bean
        @ConditionalOnBean(org.springframework.kafka.core.KafkaAdmin.class)
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(org.springframework.kafka.core.KafkaAdmin kafkaAdmin) {
            return new KafkaHealthIndicator(kafkaAdmin);
        }

        /** Listeners retrying a failure that may pass ({@link dev.callvault.platform.kafka.EventBatchProcessor}). */
        @Bean
        @ConditionalOnMissingBean
        ConsumerFailures consumerFailures() {
            return new ConsumerFailures(Clock.systemUTC());
        }

        /** The {@code consumers} health component: DOWN while a listener retries. */
        @Bean
        @ConditionalOnMissingBean(name = "consumersHealthIndicator")
        ConsumerHealthIndicator consumersHealthIndicator(ConsumerFailures failures) {
            return new ConsumerHealthIndicator(failures);
        }
    }

    /** Publishing that waits for the broker's acknowledgement, over Spring Boot's {@code KafkaTemplate}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.kafka.core.KafkaTemplate")
    static class KafkaPublishingConfiguration {

        @Bean
        @ConditionalOnBean(org.springframework.kafka.core.KafkaTemplate.class)
        @ConditionalOnMissingBean
        AcknowledgedPublisher acknowledgedPublisher(
                org.springframework.kafka.core.KafkaTemplate<String, SpecificRecord> kafkaTemplate) {
            return new AcknowledgedPublisher(kafkaTemplate);
        }
    }

    /**
     * Dashboard tokens: HS256 with {@code callvault.security.jwt.hmac-secret} (RFC 7518 section 3.2) when set,
     * otherwise Spring Boot's decoder from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}; either way the
     * claim rules of {@link DashboardTokens}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HttpSecurity.class, JwtDecoder.class})
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @EnableConfigurationProperties(JwtProperties.class)
    static class DashboardSecurityConfiguration {

        /**
         * Spring Boot adds validator beans to the decoder it builds from an issuer; ours uses it explicitly: every
         * claim rule of {@link DashboardTokens} ({@code exp} required, lifetime, issuer, audience, sub, tenant).
         */
        @Bean
        OAuth2TokenValidator<Jwt> dashboardClaimsValidator(JwtProperties properties) {
            return DashboardTokens.validator(properties, Clock.systemUTC());
        }

        @Bean
        @ConditionalOnExpression("'${callvault.security.jwt.hmac-secret:}' != ''")
        JwtDecoder hmacJwtDecoder(JwtProperties properties) {
            return DashboardTokens.hmacDecoder(properties, Clock.systemUTC());
        }

        @Bean
        ProblemDetailSecurityHandlers problemDetailSecurityHandlers(
                @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
            return new ProblemDetailSecurityHandlers(resolver);
        }

        /** Problem details for every error, unless the application answers errors its own way. */
        @Bean
        @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
        ProblemDetailsAdvice problemDetailsAdvice() {
            return new ProblemDetailsAdvice();
        }

        @Bean
        DashboardSecurity dashboardSecurity(ObjectProvider<JwtDecoder> jwtDecoder,
                ProblemDetailSecurityHandlers problems) {
            JwtDecoder decoder = jwtDecoder.getIfAvailable();
            if (decoder == null) {
                throw new IllegalStateException("No way to verify dashboard tokens: set callvault.security.jwt.hmac-secret"
                        + " or spring.security.oauth2.resourceserver.jwt.issuer-uri");
            }
            return new DashboardSecurity(decoder, problems);
        }
    }
}
