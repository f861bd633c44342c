package dev.callvault.fetch.fetching;

/** A record decoded to an event type the worker does not handle on that topic; it goes to the dead-letter topic. */
public class UnexpectedEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param topic the topic it was read from
     * @param type  the Avro full name of the event
     */
    public UnexpectedEventException(String topic, String type) {
        super("unexpected event type " + type + " on " + topic);
    }
}
