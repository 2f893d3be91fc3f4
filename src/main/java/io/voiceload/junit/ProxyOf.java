package io.voiceload.junit;

import io.voiceload.infra.Dependency;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects which Toxiproxy proxy a {@link eu.rekawek.toxiproxy.Proxy} parameter receives under
 * {@link WithInfrastructure @WithInfrastructure}: {@code @ProxyOf(Dependency.POSTGRES) Proxy postgres}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProxyOf {

    /** The dependency whose proxy is wanted: {@link Dependency#POSTGRES} or {@link Dependency#REDIS}. */
    Dependency value();
}
