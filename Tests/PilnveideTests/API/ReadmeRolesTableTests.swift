import Foundation
import Testing
import TestSupport

/// The README's table of who may call each operation is made from the contract's "Roles:" sentences by
/// scripts/roles-table.py (which RolesInTheContractTests checks against `x-roles`), so it cannot drift from
/// them: when the contract changes, `scripts/roles-table.py --write` remakes it. The script runs on the pinned
/// PyYAML `make test` installs in .local/openapi-tools.
@Suite struct ReadmeRolesTableTests {
    @Test func theReadmeTableIsTheOneTheContractMakes() async throws {
        let python = try ServedDocumentTests.tool("python")
        let script = ServedDocumentTests.packageRoot.appendingPathComponent("scripts/roles-table.py")
        let (status, output) = try await ServedDocumentTests.run(python, [script.path, "--check"])
        #expect(status == 0, "README.md's roles table is not the contract's (run scripts/roles-table.py --write):\n\(output)")
    }
}
