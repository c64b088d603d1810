package dev.ogem.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a URL's host is this machine's loopback interface, told from its text alone (no name lookup, which
 * a hostile resolver could answer with {@code 127.0.0.1}): {@code localhost}, an IPv4 address in
 * {@code 127.0.0.0/8}, or {@code ::1}.
 */
final class Loopback {

    private Loopback() {
    }

    static boolean is(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost")) {
            return true;
        }
        if (name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            String[] octets = name.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return octets[0].equals("127");
        }
        if (name.startsWith("[") && name.endsWith("]") && name.matches("\\[[0-9a-f:.]*:[0-9a-f:.]*]")) {
            try {
                // An IPv6 literal (it holds a colon): getByName parses it and never asks a resolver.
                return InetAddress.getByName(name.substring(1, name.length() - 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
