package io.relais.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One run's settings: a profile file ({@code profiles/reference.properties}) overridden by {@code --key=value} flags.
 * Every figure the bench prints names its profile and the overrides.
 */
public final class Settings {

    private final Properties props = new Properties();
    private final String profile;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    public Settings(Path profileFile, Map<String, String> overrides) throws IOException {
        this.profile = profileFile == null ? "(defaults)" : profileFile.toString();
        if (profileFile != null) {
            try (Reader r = Files.newBufferedReader(profileFile)) {
                props.load(r);
            }
        }
        overrides.forEach(props::setProperty);
        this.overrides.putAll(overrides);
    }

    public String profile() {
        return profile;
    }

    public Map<String, String> overrides() {
        return overrides;
    }

    public String get(String key, String fallback) {
        return props.getProperty(key, fallback).trim();
    }

    public double number(String key, double fallback) {
        return Double.parseDouble(get(key, String.valueOf(fallback)));
    }

    public int integer(String key, int fallback) {
        return Integer.parseInt(get(key, String.valueOf(fallback)));
    }

    public boolean flag(String key, boolean fallback) {
        return Boolean.parseBoolean(get(key, String.valueOf(fallback)));
    }

    /** {@code rate=10} for {@code duration} seconds, or {@code ramp=10:60,50:60,100:60} (rate:seconds steps). */
    public List<Arrivals.Step> steps() {
        String ramp = get("ramp", "");
        List<Arrivals.Step> steps = new ArrayList<>();
        if (!ramp.isBlank()) {
            for (String step : ramp.split(",")) {
                String[] p = step.trim().split(":");
                steps.add(new Arrivals.Step(Double.parseDouble(p[0]), Double.parseDouble(p[1])));
            }
        } else {
            steps.add(new Arrivals.Step(number("rate", 10), number("duration", 60)));
        }
        return steps;
    }

    /** {@code mix=phone:0.5,chat:0.3,mail:0.2}: channel → weight. */
    public Map<String, Double> mix() {
        Map<String, Double> mix = new LinkedHashMap<>();
        for (String part : get("mix", "phone:0.5,chat:0.3,mail:0.2").split(",")) {
            String[] p = part.trim().split(":");
            mix.put(p[0], Double.parseDouble(p[1]));
        }
        return mix;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> m.put(k, props.getProperty(k)));
        return m;
    }
}
