/**
 * The routing engine's components, behind the one façade {@link io.relais.routing.domain.RoutingEngine}: the state
 * ({@link io.relais.routing.domain.engine.RoutingState}: agents, contacts), its indexes (agent pools, waiting index),
 * deadlines, eligibility, ranking, queue placement, the router that keeps work conservation, and the waiting
 * explanation. Pure and single-threaded like the engine; nothing outside the façade uses them (an architecture test
 * says so).
 */
package io.relais.routing.domain.engine;
