package dev.ogem.server;

/** The structured-output type of the JSON-mode end-to-end tests: the SDK derives its JSON schema. */
public final class SdkPerson {

    /** The person's name. */
    public String name;

    /** The person's age in years. */
    public long age;
}
