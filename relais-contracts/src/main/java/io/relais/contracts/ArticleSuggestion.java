package io.relais.contracts;

import java.util.UUID;

/**
 * A knowledge article chosen for a contact.
 *
 * @param kind {@code fundamentals}, {@code communication_rule}, {@code procedure} or {@code offer}
 * @param why in words, why it was chosen (reason code, matching words)
 */
public record ArticleSuggestion(
        UUID articleId,
        int version,
        String kind,
        String title,
        String body,
        String why) {
}
