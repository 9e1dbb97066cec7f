package io.relais.platform.input;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** The service's ObjectMapper (REST bodies, {@code EventReader}) reads only safe text, within bounds: {@link SafeTextModule}. */
@Singleton
public class SafeTextCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        SafeTextModule.configure(mapper);
    }
}
