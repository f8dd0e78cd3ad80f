import APIContract
import Certification
import Core
import Database
import Foundation
import OpenAPIRuntime

extension APIImplementation {

    package func getMyCertification(_ input: Operations.GetMyCertification.Input) async throws -> Operations.GetMyCertification.Output {
        let caller = try requireCaller()
        let language = Language.preferred(by: input.headers.acceptLanguage)
        return .ok(.init(body: .json(.init(try await certification.status(of: caller.personID, by: .caller(caller)), in: language))))
    }

    package func getPersonCertification(_ input: Operations.GetPersonCertification.Input) async throws -> Operations.GetPersonCertification.Output {
        let caller = try requireCaller()
        let status = try await certification.status(of: try id(input.path.personId, of: "person"), by: .caller(caller))
        return .ok(.init(body: .json(.init(status, in: Language.preferred(by: input.headers.acceptLanguage)))))
    }

    package func getCourtCertification(_ input: Operations.GetCourtCertification.Input) async throws -> Operations.GetCourtCertification.Output {
        let caller = try requireCaller()
        let court = try await certification.court(
            try id(input.path.organisationId, of: "organisation"), page: try PageRequest(limit: input.query.limit, offset: input.query.offset),
            by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(
            items: court.items.map { .init($0, in: Language.preferred(by: input.headers.acceptLanguage)) }, total: court.total, limit: court.request.limit,
            offset: court.request.offset
        ))))
    }

    package func recordCertificationDecision(
        _ input: Operations.RecordCertificationDecision.Input
    ) async throws -> Operations.RecordCertificationDecision.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        guard let day = try date(body.decidedOn, field: "decidedOn") else { throw Problem.validation([.init(field: "decidedOn", detail: "is required")]) }
        let status = try await certification.recordDecision(
            person: try id(input.path.personId, of: "person"), scheme: body.schemeCode,
            .init(date: day, passed: body.passed, reference: body.reference), by: .caller(caller)
        )
        return .created(.init(body: .json(.init(status, in: Language.preferred(by: input.headers.acceptLanguage)))))
    }

    package func recordCertificationOverride(
        _ input: Operations.RecordCertificationOverride.Input
    ) async throws -> Operations.RecordCertificationOverride.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        guard let day = try date(body.from, field: "from") else { throw Problem.validation([.init(field: "from", detail: "is required")]) }
        let status = try await certification.recordOverride(
            person: try id(input.path.personId, of: "person"), scheme: body.schemeCode,
            .init(kind: StatusOverride.Kind(rawValue: body.kind.rawValue)!, from: day, reason: body.reason), by: .caller(caller)
        )
        return .created(.init(body: .json(.init(status, in: Language.preferred(by: input.headers.acceptLanguage)))))
    }

    package func listCertificationSchemes(_ input: Operations.ListCertificationSchemes.Input) async throws -> Operations.ListCertificationSchemes.Output {
        _ = try requireCaller()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return .ok(.init(body: .json(try await schemes.schemes().map { scheme in
            .init(code: scheme.code, version: scheme.version, status: .init(rawValue: scheme.status.rawValue)!,
                  title: .init(lv: scheme.title.lv, en: scheme.title.en), validityMonths: scheme.validityMonths,
                  effectiveFrom: scheme.effectiveFrom.description, effectiveUntil: scheme.effectiveUntil?.description,
                  definition: String(decoding: try encoder.encode(scheme), as: UTF8.self))
        })))
    }

    package func listAuditEvents(_ input: Operations.ListAuditEvents.Input) async throws -> Operations.ListAuditEvents.Output {
        let caller = try requireCaller()
        let query = input.query
        let page = try await auditLog.events(
            AuditFilter(action: query.action, subjectType: query.subjectType, subjectID: query.subjectId, from: query.from, to: query.to),
            page: try PageRequest(limit: query.limit, offset: query.offset), by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(
            items: page.items.map {
                .init(id: $0.id, occurredAt: $0.occurredAt, actor: $0.actor, action: $0.action, subjectType: $0.subjectType,
                      subjectId: $0.subjectID, details: .init(additionalProperties: $0.details))
            },
            total: page.total, limit: page.request.limit, offset: page.request.offset
        ))))
    }
}

extension APIImplementation {
    package func getNationalCertificationSummary(
        _ input: Operations.GetNationalCertificationSummary.Input
    ) async throws -> Operations.GetNationalCertificationSummary.Output {
        let caller = try requireCaller()
        let grouping = input.query.groupBy.flatMap { NationalCount.Grouping(rawValue: $0.rawValue) } ?? .regionAndPosition
        let counts = try await national.counts(scheme: try filterCode(input.query.schemeCode, "schemeCode"), grouping: grouping, by: .caller(caller))
        return .ok(.init(body: .json(counts.map {
            .init(schemeCode: $0.schemeCode, region: $0.region.flatMap { .init(rawValue: $0.rawValue) },
                  position: $0.position.flatMap { .init(rawValue: $0.rawValue) }, organisationId: $0.organisationID?.lowercasedString,
                  organisationName: $0.organisationName, state: .init(rawValue: $0.state.rawValue)!, people: $0.people)
        })))
    }

    package func listNationalCertification(_ input: Operations.ListNationalCertification.Input) async throws -> Operations.ListNationalCertification.Output {
        let caller = try requireCaller()
        let query = input.query
        let (page, names) = try await national.people(
            NationalFilter(
                schemeCode: try filterCode(query.schemeCode, "schemeCode"), region: query.region.flatMap { PlanningRegion(rawValue: $0.rawValue) },
                organisationID: try optionalID(query.organisationId, field: "organisationId"),
                position: query.position.flatMap { Position(rawValue: $0.rawValue) },
                list: query.list.flatMap { NationalFilter.List(rawValue: $0.rawValue) }, dueWithinDays: query.dueWithinDays ?? 90
            ),
            page: try PageRequest(limit: query.limit, offset: query.offset), by: .caller(caller)
        )
        if prefers(.csv, in: input.headers.accept) {
            var csv = CSVWriter(header: ["person_id", "name", "scheme", "version", "state", "valid_until", "deadline", "organisation_id", "region", "position", "computed_on"])
            for entry in page.items {
                csv.append([entry.personID.lowercasedString, names[entry.personID], entry.schemeCode, "\(entry.schemeVersion)", entry.state.rawValue,
                            entry.validUntil?.description, entry.deadline?.description, entry.organisationID?.lowercasedString,
                            entry.region?.rawValue, entry.position?.rawValue, entry.computedOn.description])
            }
            return .ok(.init(body: .csv(HTTPBody(csv.text))))
        }
        return .ok(.init(body: .json(.init(
            items: page.items.map { entry in
                .init(personId: entry.personID.lowercasedString, name: names[entry.personID] ?? "", schemeCode: entry.schemeCode,
                      schemeVersion: entry.schemeVersion, state: .init(rawValue: entry.state.rawValue)!, validUntil: entry.validUntil?.description,
                      deadline: entry.deadline?.description, organisationId: entry.organisationID?.lowercasedString,
                      region: entry.region.flatMap { .init(rawValue: $0.rawValue) }, position: entry.position.flatMap { .init(rawValue: $0.rawValue) },
                      computedOn: entry.computedOn.description)
            },
            total: page.total, limit: page.request.limit, offset: page.request.offset
        ))))
    }
}

extension APIImplementation {
    package func previewSchemeImpact(_ input: Operations.PreviewSchemeImpact.Input) async throws -> Operations.PreviewSchemeImpact.Output {
        let caller = try requireCaller()
        guard let day = try date(input.query.on, field: "on") else { throw Problem.validation([.init(field: "on", detail: "is required")]) }
        let preview = try await impactPreviews.preview(code: input.path.code, version: input.path.version, on: day, by: .caller(caller))
        if prefers(.csv, in: input.headers.accept) { return .ok(.init(body: .csv(HTTPBody(ImpactPreviewCSV.text(preview))))) }
        let page = try PageRequest(limit: input.query.limit, offset: input.query.offset)
        func standing(_ standing: ImpactPreview.Standing) -> Components.Schemas.Standing { .init(rawValue: standing.rawValue)! }
        return .ok(.init(body: .json(.init(
            schemeCode: preview.schemeCode, schemeVersion: preview.schemeVersion, comparedWith: preview.comparedWith,
            comparedVersion: preview.comparedVersion, on: preview.on.description,
            totals: ImpactPreview.Standing.allCases.compactMap { key in
                preview.totals[key].map {
                    .init(standing: standing(key), proposed: $0.proposed, current: $0.current, movedByTransition: $0.movedByTransition,
                          movedByRule: $0.movedByRule)
                }
            },
            groups: preview.groups.sorted { "\($0.key)" < "\($1.key)" }.map { group, count in
                .init(region: group.region.flatMap { .init(rawValue: $0.rawValue) }, organisationId: group.organisationID?.lowercasedString,
                      position: .init(rawValue: group.position.rawValue)!, proposed: standing(group.proposed), current: standing(group.current), people: count)
            },
            people: .init(
                items: preview.people.dropFirst(page.offset).prefix(page.limit).map { person in
                    .init(personId: person.personID.lowercasedString, name: person.name, organisationId: person.organisationID?.lowercasedString,
                          region: person.region.flatMap { .init(rawValue: $0.rawValue) }, position: .init(rawValue: person.position.rawValue)!,
                          proposed: standing(.init(person.proposed)), current: standing(.init(person.current)),
                          proposedState: person.proposed.flatMap { .init(rawValue: $0.state.rawValue) },
                          currentState: person.current.flatMap { .init(rawValue: $0.state.rawValue) },
                          proposedDeadline: person.proposed?.deadline?.description, currentDeadline: person.current?.deadline?.description,
                          movedBecauseOf: person.movedBecauseOf.flatMap { .init(rawValue: $0.rawValue) })
                },
                total: preview.people.count, limit: page.limit, offset: page.offset
            )
        ))))
    }
}

extension Components.Schemas.PersonCertification {
    init(_ person: CertificationService.PersonStatus, in language: Language) {
        self.init(personId: person.personID.lowercasedString, givenName: person.givenName, familyName: person.familyName,
                  statuses: person.statuses.map { .init($0, in: language) })
    }
}

extension Components.Schemas.StatusMessage {
    init(_ message: Certification.StatusMessage) {
        self.init(code: message.code.rawValue, values: .init(additionalProperties: message.values.mapValues(\.plain)))
    }
}

extension Components.Schemas.CertificationStatus {
    init(_ status: Certification.CertificationStatus, in language: Language) {
        self.init(
            schemeCode: status.schemeCode, schemeVersion: status.schemeVersion, state: .init(rawValue: status.state.rawValue)!,
            appliesFrom: status.appliesFrom.description, validUntil: status.validUntil?.description, deadline: status.deadline?.description,
            windowOpensOn: status.windowOpensOn?.description, graceEndsOn: status.graceEndsOn?.description,
            nextChange: status.nextChange?.description, missing: status.missing(in: language), explanation: status.explanation(in: language),
            language: .init(rawValue: language.rawValue)!, messages: status.messages.map(Components.Schemas.StatusMessage.init),
            missingMessages: status.missingItems.map(Components.Schemas.StatusMessage.init), due: status.due.map(Components.Schemas.StatusMessage.init),
            cycles: status.cycles.map { cycle in
                .init(number: cycle.number, countsFrom: cycle.countsFrom.description, deadline: cycle.deadline.description,
                      metOn: cycle.metOn?.description, validUntil: cycle.validUntil?.description,
                      records: cycle.records.map {
                          .init(recordId: $0.recordID.lowercasedString, title: $0.title, courseCode: $0.courseCode,
                                academicHours: $0.academicHours.hours, completedOn: $0.completedOn.description)
                      })
            }
        )
    }
}
