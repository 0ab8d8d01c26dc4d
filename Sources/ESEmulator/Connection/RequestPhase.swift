/// Where a connection is in its request/response cycle, told by ``RequestPhaseHandler`` (which sees decoded
/// HTTP parts) to ``ConnectionTimeoutHandler`` (which sees the raw bytes) as a user outbound event.
enum RequestPhase: Sendable {
    case headReceived
    case requestEnded
    case responseEnded
}
