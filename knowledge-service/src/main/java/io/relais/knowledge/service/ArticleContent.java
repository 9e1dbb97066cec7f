package io.relais.knowledge.service;

import java.util.Set;

import io.relais.contracts.Channel;
import io.relais.knowledge.domain.ArticleKind;

/** What an editor writes in an article. */
public record ArticleContent(ArticleKind kind, String title, String body, String language, Set<Channel> channels,
        Set<String> reasonCodes, Set<String> tags) {
}
