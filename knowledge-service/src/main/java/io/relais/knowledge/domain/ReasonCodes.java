package io.relais.knowledge.domain;

import java.util.ArrayList;
import java.util.List;

/** Reason codes are hierarchical: an article answering {@code cards} answers {@code cards.lost} too. */
public final class ReasonCodes {

    private ReasonCodes() {
    }

    /** {@code cards.lost.abroad} → {@code [cards.lost.abroad, cards.lost, cards]}; empty for none. */
    public static List<String> withAncestors(String reasonCode) {
        List<String> codes = new ArrayList<>();
        if (reasonCode == null || reasonCode.isBlank()) {
            return codes;
        }
        String code = reasonCode;
        while (true) {
            codes.add(code);
            int dot = code.lastIndexOf('.');
            if (dot < 0) {
                return codes;
            }
            code = code.substring(0, dot);
        }
    }
}
