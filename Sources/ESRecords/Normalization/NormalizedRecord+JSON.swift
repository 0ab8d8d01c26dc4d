extension NormalizedRecord {
    /// Writes the record in the normalized-output shape of `fixtures/legacy/README.md`.
    ///
    /// Laid out by hand with fixed keys by each model (``SettingsRecord/writeNormalized(to:)``): this runs once
    /// per output record and dominated the writer's cost when done key by key.
    package func write(to json: inout JSONWriter) {
        json.raw([])    // a separator if the record is an element of an array
        writeNormalized(to: &json)
        json.literal("}")
    }
}
