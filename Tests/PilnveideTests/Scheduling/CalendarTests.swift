import App
import Core
import Database
import Directory
import Foundation
import Scheduling
import Testing
import TestSupport

@Suite struct ICalendarFormatTests {
    @Test func textIsEscapedAndLongLinesAreFoldedWithoutSplittingLetters() {
        let event = CalendarEvent(
            uid: "a@pilnveide", sequence: 0, startsAt: Date(timeIntervalSince1970: 1_800_000_000),
            endsAt: Date(timeIntervalSince1970: 1_800_003_600),
            summary: "Bērna līdzdalība; viedokļa noskaidrošana, praksē — ļoti garš nosaukums ar garumzīmēm āčēģīķļņšūž āčēģīķļņšūž",
            location: "Rīga, Brīvības iela 1", description: "Pirmā rinda\nOtrā rinda", cancelled: false,
            lastModified: Date(timeIntervalSince1970: 1_800_000_000)
        )
        let text = ICalendar.feed(name: "Tests", events: [event])
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(text.contains("LOCATION:Rīga\\, Brīvības iela 1"))
        #expect(text.contains("DESCRIPTION:Pirmā rinda\\nOtrā rinda"))
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75, "\(line)")
        }
        // Unfolding gives back the escaped summary whole.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Bērna līdzdalība\\; viedokļa noskaidrošana\\, praksē — ļoti garš"))
    }
}

@Suite(.freshDatabase) struct CalendarFeedTests {
    /// Parses a feed with Python's icalendar library (Debian's python3-icalendar), independently of our
    /// writer, and returns each event as uid, start and end in UTC, status, sequence and summary.
    func parseIndependently(_ feed: String) throws -> [[String: String]] {
        let script = """
            import sys, json, icalendar, datetime
            cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
            out = []
            for e in cal.walk('VEVENT'):
                utc = lambda v: v.dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
                out.append({'uid': str(e['UID']), 'start': utc(e['DTSTART']), 'end': utc(e['DTEND']),
                            'tzid': str(e['DTSTART'].params.get('TZID')), 'status': str(e['STATUS']),
                            'sequence': str(e['SEQUENCE']), 'summary': str(e['SUMMARY']), 'location': str(e.get('LOCATION', ''))})
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(feed.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the independent parser failed: \(problem)")
        return try JSONDecoder().decode([[String: String]].self, from: data)
    }

    @Test func aParticipantsFeedParsesIndependentlyAndFollowsChanges() async throws {
        let fixture = try await SchedulingFixture.make()
        let op = SchedulingFixture.operatorActor
        // The first session crosses the night the clocks go back, to check the time zone end to end.
        var draft = GroupDraft(code: "KAL-\(fixture.tag)", courseCode: fixture.courseCode, courseVersion: 1,
                                            region: "riga", leadTrainerID: fixture.lead.id, capacity: 5)
        draft.venue = "Rīga, Brīvības iela 1"
        let created = try await fixture.groups.createGroup(draft, by: op)
        _ = try await fixture.sessions.addSession(to: created.id, .init(startsAt: "2027-10-31T02:00", endsAt: "2027-10-31T05:00", academicHours: 4, modules: ["A"]), by: op)
        _ = try await fixture.sessions.addSession(to: created.id, .init(startsAt: "2027-11-02T09:00", endsAt: "2027-11-02T12:00", academicHours: 4), by: op)
        let group = try await fixture.groups.changeStatus(of: created.id, to: .open, reason: nil, by: op)
        let person = try await fixture.participants(1)[0]
        let enrolment = try await fixture.enrolments.enrol(personID: person, in: group.id, by: op)

        let calendars = fixture.services.calendars
        let secret = try await calendars.rotateFeed(for: person, by: op)
        let events = try parseIndependently(try #require(try await calendars.feed(secret: secret)))
        #expect(events.map { $0["uid"] } == group.sessions.map { "\($0.id.uuidString.lowercased())@pilnveide" })
        #expect(events.map { $0["start"] } == ["2027-10-30T23:00:00Z", "2027-11-02T07:00:00Z"])
        #expect(events.map { $0["end"] } == ["2027-10-31T03:00:00Z", "2027-11-02T10:00:00Z"])
        #expect(events.allSatisfy { $0["tzid"] == "Europe/Riga" && $0["status"] == "CONFIRMED" })
        #expect(events[0]["location"] == "Rīga, Brīvības iela 1")
        #expect(events[0]["summary"]?.hasSuffix("(KAL-\(fixture.tag))") == true)

        // A cancelled session shows as cancelled with a higher sequence; so does everything after the person cancels.
        _ = try await fixture.sessions.cancelSession(group.sessions[1].id, of: group.id, by: op)
        var updated = try parseIndependently(try #require(try await calendars.feed(secret: secret)))
        #expect(updated.map { $0["status"] } == ["CONFIRMED", "CANCELLED"])
        #expect(updated[1]["sequence"] == "1")
        _ = try await fixture.enrolments.cancel(enrolment.id, reason: "nevar ierasties", by: op)
        updated = try parseIndependently(try #require(try await calendars.feed(secret: secret)))
        #expect(updated.map { $0["status"] } == ["CANCELLED", "CANCELLED"])

        // The trainer's feed has the sessions too.
        let trainerFeed = try parseIndependently(try #require(try await calendars.feed(secret: try await calendars.rotateFeed(for: fixture.lead.id, by: op))))
        #expect(trainerFeed.contains { $0["uid"] == events[0]["uid"] })
    }

    @Test func rotatingTheSecretRetiresTheOldURL() async throws {
        let fixture = try await SchedulingFixture.make()
        let calendars = fixture.services.calendars
        let person = try await fixture.participants(1)[0]
        let first = try await calendars.rotateFeed(for: person, by: SchedulingFixture.operatorActor)
        #expect(try await calendars.feed(secret: first) != nil)
        let second = try await calendars.rotateFeed(for: person, by: SchedulingFixture.operatorActor)
        #expect(try await calendars.feed(secret: first) == nil)
        #expect(try await calendars.feed(secret: second) != nil)
        let stranger = try await fixture.caller(try await fixture.participants(1, prefix: "Svešais")[0])
        await #expect(throws: ServiceError.forbidden("you may manage only your own calendar feed")) {
            try await calendars.rotateFeed(for: person, by: stranger)
        }
    }
}
