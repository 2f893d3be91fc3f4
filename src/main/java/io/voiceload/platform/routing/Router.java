package io.voiceload.platform.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Evaluates the stored routing rules, deterministically: of the rules for the hotel and department that
 * match the language and the hotel's local time, the highest priority wins, then the most specific, then
 * the lowest id. When none matches, the hotel's fallback queue (its front desk by default).
 */
public final class Router {

    static final Comparator<RoutingRule> PRECEDENCE = Comparator.comparingInt(RoutingRule::priority)
            .reversed()
            .thenComparing(Comparator.comparingInt(RoutingRule::specificity).reversed())
            .thenComparingLong(RoutingRule::id);

    private final DataSource dataSource;

    public Router(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The decision; empty when the hotel has no routing configuration. */
    public Optional<RoutingDecision> decide(String hotelId, String department, String language, Instant at)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            ZoneId zone;
            String fallbackQueue;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT time_zone, fallback_queue FROM hotels WHERE id = ?")) {
                ps.setString(1, hotelId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    zone = ZoneId.of(rs.getString(1));
                    fallbackQueue = rs.getString(2);
                }
            }
            LocalTime local = at.atZone(zone).toLocalTime().truncatedTo(ChronoUnit.SECONDS);
            Optional<RoutingRule> winner = rules(c, hotelId, department).stream()
                    .filter(r -> r.matches(language, local))
                    .min(PRECEDENCE);
            return Optional.of(new RoutingDecision(
                    hotelId,
                    department,
                    language,
                    at,
                    zone,
                    local,
                    winner.map(RoutingRule::id).orElse(null),
                    winner.map(RoutingRule::target)
                            .orElseGet(() -> new TransferTarget(TransferTarget.QUEUE, fallbackQueue)),
                    winner.isEmpty()));
        }
    }

    private static List<RoutingRule> rules(Connection c, String hotelId, String department) throws SQLException {
        String sql = "SELECT id, department, language, window_start, window_end, target_type, target, priority"
                + " FROM routing_rules WHERE hotel_id = ? AND department = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, hotelId);
            ps.setString(2, department);
            List<RoutingRule> rules = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rules.add(new RoutingRule(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4, LocalTime.class),
                            rs.getObject(5, LocalTime.class),
                            new TransferTarget(rs.getString(6), rs.getString(7)),
                            rs.getInt(8)));
                }
            }
            return rules;
        }
    }
}
