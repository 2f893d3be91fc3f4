package io.voiceload.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a documented shell command into words the way a POSIX shell would for the commands in our docs:
 * blanks separate words, single quotes keep text as it is, double quotes and backslashes escape, and the
 * command ends at an unquoted {@code #} starting a word (a comment), {@code |}, {@code ;}, {@code &&} or
 * {@code >}. No expansion. Hand-written because these rules are all a documented command needs.
 */
final class ShellWords {

    private ShellWords() {}

    static List<String> split(String command) {
        return parse(command).words();
    }

    /** The command as the shell runs it: up to its comment, pipe or next command, stripped. */
    static String command(String text) {
        return text.substring(0, parse(text).end()).strip();
    }

    private record Parsed(List<String> words, int end) {}

    private static Parsed parse(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int end = command.length();
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if ((c == '#' && !inWord)
                    || c == '|'
                    || c == ';'
                    || c == '>'
                    || (c == '&' && next(command, i) == '&')) {
                end = i;
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return new Parsed(words, end);
    }

    private static char next(String text, int i) {
        return i + 1 < text.length() ? text.charAt(i + 1) : 0;
    }
}
