import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging
import Synchronization

/// `esmigrate domains`: operations on protected domains.
struct Domains: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Operations on protected domains.",
        subcommands: [Unprotect.self]
    )
}
