import Testing
@testable import DangjianCore

@Suite("权限与范围")
struct AccessPolicyTests {
    // /1/ county, /1/5/ township, /1/5/23/ village branch, /1/5/24/ sibling branch, /1/6/ other township
    let county = OrgPath(ids: [1])
    let town = OrgPath(ids: [1, 5])
    let branch = OrgPath(ids: [1, 5, 23])
    let sibling = OrgPath(ids: [1, 5, 24])
    let unrelated = OrgPath(ids: [1, 6, 30])

    func actor(_ grants: Grant...) -> AccessPolicy {
        AccessPolicy(Actor(accountID: 1, username: "u", displayName: "u", memberID: nil, grants: grants))
    }

    @Test("a branch secretary reads and writes only their own subtree")
    func branchSecretaryScope() {
        let policy = actor(Grant(role: .branchSecretary, scope: branch))
        #expect(policy.allows(.memberRead, at: branch))
        #expect(policy.allows(.memberWrite, at: branch.appending(99)))
        #expect(!policy.allows(.memberRead, at: town))
        #expect(!policy.allows(.memberRead, at: sibling))
        #expect(!policy.allows(.memberRead, at: unrelated))
        #expect(!policy.allows(.memberRead, at: county))
    }

    @Test("the scope matrix: each role against own subtree, parent, sibling and unrelated organizations")
    func scopeMatrix() {
        let cases: [(Role, OrgPath, read: [OrgPath: Bool], write: [OrgPath: Bool])] = [
            (.orgDepartmentAdmin, county, [branch: true, town: true, sibling: true, unrelated: true],
             [branch: true, town: true, sibling: true, unrelated: true]),
            (.committeeSecretary, town, [branch: true, town: true, sibling: true, unrelated: false, county: false],
             [branch: true, town: true, sibling: true, unrelated: false, county: false]),
            (.committeeMember, town, [branch: true, town: true, unrelated: false], [branch: false, town: false]),
            (.branchSecretary, branch, [branch: true, town: false, sibling: false, unrelated: false],
             [branch: true, town: false, sibling: false, unrelated: false]),
            (.branchCommitteeMember, branch, [branch: true, town: false, sibling: false], [branch: true, sibling: false]),
            (.member, branch, [branch: false, town: false], [branch: false]),
        ]
        for (role, scope, reads, writes) in cases {
            let policy = actor(Grant(role: role, scope: scope))
            for (path, expected) in reads {
                #expect(policy.allows(.memberRead, at: path) == expected, "\(role) read \(path)")
            }
            for (path, expected) in writes {
                #expect(policy.allows(.memberWrite, at: path) == expected, "\(role) write \(path)")
            }
        }
    }

    @Test("the three administrators read no member data")
    func separatedAdministrators() {
        for role in [Role.systemAdmin, .securityAdmin, .auditAdmin] {
            let policy = actor(Grant(role: role, scope: nil))
            #expect(!policy.holds(.memberRead), "\(role)")
            #expect(!policy.allows(.memberRead, at: branch))
            #expect(!policy.holds(.memberReveal))
        }
        #expect(actor(Grant(role: .auditAdmin, scope: nil)).holds(.auditRead))
        #expect(!actor(Grant(role: .systemAdmin, scope: nil)).holds(.auditRead))
        #expect(actor(Grant(role: .securityAdmin, scope: nil)).holds(.roleGrant))
        #expect(!actor(Grant(role: .systemAdmin, scope: nil)).holds(.roleGrant))
    }

    @Test("restructuring needs the organization strictly inside the scope")
    func restructuring() {
        let policy = actor(Grant(role: .committeeSecretary, scope: town))
        #expect(policy.allowsRestructuring(branch))
        #expect(!policy.allowsRestructuring(town))
        #expect(!policy.allowsRestructuring(unrelated))
    }

    @Test("overlapping grants give one scope per subtree")
    func overlappingGrants() {
        let policy = actor(Grant(role: .committeeMember, scope: town), Grant(role: .branchSecretary, scope: branch),
                           Grant(role: .branchSecretary, scope: unrelated))
        #expect(policy.scopes(for: .memberRead) == [town, unrelated])
        #expect(policy.scopes(for: .memberWrite) == [branch, unrelated])
        #expect(policy.scopes(for: .auditRead).isEmpty)
    }

    @Test("三员分立: no account holds two administrator roles, nor one beside another role")
    func separationOfDuties() throws {
        let audit = Grant(role: .auditAdmin, scope: nil)
        let system = Grant(role: .systemAdmin, scope: nil)
        let secretary = Grant(role: .branchSecretary, scope: branch)
        #expect(throws: GrantRules.Problem.separationOfDuties(existing: .auditAdmin, requested: .systemAdmin)) {
            try GrantRules.check(adding: system, to: [audit], accountHasMember: false)
        }
        #expect(throws: GrantRules.Problem.separationOfDuties(existing: .branchSecretary, requested: .auditAdmin)) {
            try GrantRules.check(adding: audit, to: [secretary], accountHasMember: true)
        }
        #expect(throws: GrantRules.Problem.separationOfDuties(existing: .systemAdmin, requested: .branchSecretary)) {
            try GrantRules.check(adding: secretary, to: [system], accountHasMember: true)
        }
        try GrantRules.check(adding: Grant(role: .committeeMember, scope: town), to: [secretary], accountHasMember: true)
        try GrantRules.check(adding: audit, to: [], accountHasMember: false)
    }

    @Test("grants are checked for scope, duplicates and the member link")
    func grantShape() {
        #expect(throws: GrantRules.Problem.scopeRequired(.branchSecretary)) {
            try GrantRules.check(adding: Grant(role: .branchSecretary, scope: nil), to: [], accountHasMember: true)
        }
        #expect(throws: GrantRules.Problem.scopeNotAllowed(.auditAdmin)) {
            try GrantRules.check(adding: Grant(role: .auditAdmin, scope: town), to: [], accountHasMember: false)
        }
        #expect(throws: GrantRules.Problem.duplicate(.branchSecretary)) {
            try GrantRules.check(adding: Grant(role: .branchSecretary, scope: branch),
                                 to: [Grant(role: .branchSecretary, scope: branch)], accountHasMember: true)
        }
        #expect(throws: GrantRules.Problem.memberRecordRequired) {
            try GrantRules.check(adding: Grant(role: .member, scope: branch), to: [], accountHasMember: false)
        }
    }
}
