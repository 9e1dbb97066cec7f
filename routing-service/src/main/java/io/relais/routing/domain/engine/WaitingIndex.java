package io.relais.routing.domain.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.relais.contracts.Channel;

/**
 * Waiting contacts in rank order: all of them, and by (skill, channel, language) for each skill they accept, so that
 * a freed agent walks only the heads of the sets they could serve.
 */
public final class WaitingIndex {

    /** The language bucket of contacts that name no language: every agent may take them. */
    public static final String ANY_LANGUAGE = "";
    private static final Channel[] CHANNELS = Channel.values();

    /** skill → channel (ordinal) → language → in rank order. */
    private final Map<String, Map<String, TreeSet<ContactEntry>>[]> waiting = new HashMap<>();
    private final TreeSet<ContactEntry> all = new TreeSet<>(ContactEntry.RANK);

    /** The waiting contacts needing {@code skill} on {@code channel}, by language; {@code null} when none ever did. */
    public Map<String, TreeSet<ContactEntry>> byLanguage(String skill, Channel channel) {
        Map<String, TreeSet<ContactEntry>>[] byChannel = waiting.get(skill);
        return byChannel == null ? null : byChannel[channel.ordinal()];
    }

    public void attach(ContactEntry c) {
        all.add(c);
        for (String skill : c.requirements.keySet()) {
            set(skill, c).add(c);
        }
        for (String skill : c.alsoAccept) {
            set(skill, c).add(c);
        }
    }

    public void detach(ContactEntry c) {
        if (!all.remove(c)) {
            return;
        }
        for (String skill : c.requirements.keySet()) {
            set(skill, c).remove(c);
        }
        for (String skill : c.alsoAccept) {
            set(skill, c).remove(c);
        }
    }

    public boolean contains(ContactEntry c) {
        return all.contains(c);
    }

    public int size() {
        return all.size();
    }

    /** Every waiting contact in rank order (a live view: copy it before changing the index). */
    public Iterable<ContactEntry> all() {
        return all;
    }

    public List<ContactEntry> snapshot() {
        return new ArrayList<>(all);
    }

    @SuppressWarnings("unchecked")
    private TreeSet<ContactEntry> set(String skill, ContactEntry c) {
        Map<String, TreeSet<ContactEntry>>[] byChannel = waiting.get(skill);
        if (byChannel == null) {
            byChannel = new Map[CHANNELS.length];
            waiting.put(skill, byChannel);
        }
        Map<String, TreeSet<ContactEntry>> byLanguage = byChannel[c.channel.ordinal()];
        if (byLanguage == null) {
            byLanguage = new HashMap<>();
            byChannel[c.channel.ordinal()] = byLanguage;
        }
        String language = c.language == null ? ANY_LANGUAGE : c.language;
        TreeSet<ContactEntry> set = byLanguage.get(language);
        if (set == null) {
            set = new TreeSet<>(ContactEntry.RANK);
            byLanguage.put(language, set);
        }
        return set;
    }
}
