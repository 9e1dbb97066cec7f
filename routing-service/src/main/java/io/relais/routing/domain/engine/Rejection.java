package io.relais.routing.domain.engine;

/** What keeps an agent from taking a waiting contact, in the words the waiting explanation groups agents by. */
public enum Rejection {
    OFFLINE("offline"),
    AWAY("away"),
    WRAP_UP("in wrap-up"),
    NOT_ON_CHANNEL("do not take this channel"),
    NO_ROOM("no room on this channel"),
    LANGUAGE("do not speak the contact's language"),
    DECLINED("declined or missed it"),
    SKILL("lack the skills"),
    HELD_FOR_PREFERRED("not the agent it is held for"),
    HELD_FOR_CERTIFIED("not certified");

    public final String words;

    Rejection(String words) {
        this.words = words;
    }
}
