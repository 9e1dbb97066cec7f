package io.relais.context.rest;

import java.util.Arrays;
import java.util.Locale;

import io.relais.contracts.Channel;

final class Channels {

    private Channels() {
    }

    /** An optional channel code ({@code phone}, {@code mail}, {@code chat}); anything else is IllegalArgumentException. */
    static Channel parse(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return Arrays.stream(Channel.values()).filter(c -> c.code().equals(code.strip().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "channel '" + code + "' is not one of phone, mail, chat"));
    }
}
