package io.relais.platform.deadletter;

import java.util.List;

/** What a replay did: per dead-letter topic, the records republished to their original topic. */
public record DeadLetterReplay(List<TopicReplay> topics, int replayed) {

    public record TopicReplay(String deadLetterTopic, String originalTopic, int replayed) {
    }
}
