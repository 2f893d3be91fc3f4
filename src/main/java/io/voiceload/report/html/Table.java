package io.voiceload.report.html;

import java.util.ArrayList;
import java.util.List;

/** An HTML table whose cells are escaped text; numeric columns are right-aligned. */
final class Table {
    private final List<String> headers;
    private final boolean[] numeric;
    private final List<String> rows = new ArrayList<>();

    /** Headers; a header starting with {@code #} marks a numeric column (the mark is not shown). */
    Table(String... headers) {
        this.headers = new ArrayList<>();
        this.numeric = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            numeric[i] = headers[i].startsWith("#");
            this.headers.add(numeric[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    /** A row of text cells; {@code rowClass} may be null. */
    Table row(String rowClass, String... cells) {
        Html h = new Html();
        h.open("tr", rowClass);
        for (int i = 0; i < cells.length; i++) {
            h.el("td", i < numeric.length && numeric[i] ? "num" : null, cells[i]);
        }
        rows.add(h.close("tr").toString());
        return this;
    }

    /** A whole {@code <tr>} built by the caller with {@link Html}, so its data is already escaped. */
    Table tr(Html row) {
        rows.add(row.toString());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void writeTo(Html h) {
        h.raw("<div class=\"scroll\"><table><thead><tr>");
        for (int i = 0; i < headers.size(); i++) {
            h.el("th", numeric[i] ? "num" : null, headers.get(i));
        }
        h.raw("</tr></thead><tbody>");
        rows.forEach(h::raw);
        h.raw("</tbody></table></div>");
    }
}
