package io.relais.routing.repository;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A queue's definition, stored as the API's JSON. */
@Entity
@Table(name = "routing_queue")
@IdClass(RoutingQueue.Key.class)
public class RoutingQueue {

    @Id
    public String workspace;

    @Id
    public String id;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String definition;

    /** {@code api} or {@code config}. */
    @Column(nullable = false)
    public String source;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static class Key implements Serializable {
        public String workspace;
        public String id;

        public Key() {
        }

        public Key(String workspace, String id) {
            this.workspace = workspace;
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.workspace.equals(workspace) && k.id.equals(id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspace, id);
        }
    }
}
