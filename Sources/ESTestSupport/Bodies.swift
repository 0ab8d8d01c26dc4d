/// Envelope bodies as the contract writes them, for scripted answers.
package enum Bodies {
    public static func ok(_ result: String, info: String? = nil) -> String {
        var s = #"{"success":true,"errors":[],"messages":[],"result":"# + result
        if let info { s += #","result_info":"# + info }
        return s + "}"
    }
    public static func error(_ code: Int, _ message: String) -> String {
        #"{"success":false,"errors":[{"code":\#(code),"message":"\#(message)"}],"messages":[],"result":null}"#
    }
    public static func block(_ id: String, _ pattern: String) -> String {
        #"{"id":"\#(id)","pattern":"\#(pattern)","pattern_type":"EMAIL","is_regex":false,"comments":null,"created_at":"2026-01-01T00:00:00Z","last_modified":"2026-01-01T00:00:00Z","modified_at":"2026-01-01T00:00:00Z"}"#
    }
}
