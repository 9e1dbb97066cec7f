package io.relais.knowledge.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WorkflowTest {

    @Test
    void exactlyFourMovesAreAllowedAndEveryOtherOneIsRefusedWithAReason() {
        Set<String> allowed = new HashSet<>();
        for (ArticleStatus from : ArticleStatus.values()) {
            for (ArticleStatus to : ArticleStatus.values()) {
                String refusal = Workflow.refusal(3, from, to);
                if (Workflow.allowed(from, to)) {
                    assertNull(refusal);
                    allowed.add(from.code() + "->" + to.code());
                } else {
                    assertTrue(refusal.startsWith("version 3 is " + from.code() + ": it cannot become " + to.code()), refusal);
                }
            }
        }
        assertEquals(Set.of("draft->in_review", "in_review->draft", "in_review->published", "published->retired"), allowed);
    }

    @Test
    void theSummaryOfABodyIsItsFirstParagraphThatIsNotAHeadingWithoutEmphasis() {
        assertEquals("Lancé **cette** semaine.".replace("**", ""),
                Markdown.summary("# Livret\n\nLancé **cette**\nsemaine.\n\nDétails.", 280));
        assertEquals("abcd…", Markdown.summary("abcdefghij", 5));
        assertEquals("", Markdown.summary("# Only a title", 280));
        assertEquals("livret-relais-le-nouveau-livret-d-epargne", Markdown.slug("Livret Relais+ : le nouveau livret d'épargne"));
    }
}
