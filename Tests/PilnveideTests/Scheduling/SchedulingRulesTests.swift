import Core
import Curriculum
import Directory
import Foundation
import Scheduling
import Testing

@Suite struct RigaTimeTests {
    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func winterAndSummerTimesBecomeTheRightInstants() throws {
        #expect(try RigaTime.instant(from: "2027-01-15T09:00") == utc("2027-01-15T07:00:00Z"))
        #expect(try RigaTime.instant(from: "2027-07-15T09:00") == utc("2027-07-15T06:00:00Z"))
        #expect(try RigaTime.instant(from: "2027-07-15T09:00:00+03:00") == utc("2027-07-15T06:00:00Z"))
        #expect(try RigaTime.instant(from: "2027-07-15T06:00Z") == utc("2027-07-15T06:00:00Z"))
    }

    @Test func theLastSundayOfMarchSkipsAnHour() throws {
        #expect(try RigaTime.instant(from: "2027-03-28T02:59") == utc("2027-03-28T00:59:00Z"))
        #expect(try RigaTime.instant(from: "2027-03-28T04:00") == utc("2027-03-28T01:00:00Z"))
        #expect(throws: TimeError.doesNotExist("2027-03-28T03:30")) { try RigaTime.instant(from: "2027-03-28T03:30") }
    }

    @Test func theLastSundayOfOctoberRepeatsAnHourThatMustBeDisambiguated() throws {
        #expect(throws: TimeError.ambiguous("2027-10-31T03:30")) { try RigaTime.instant(from: "2027-10-31T03:30") }
        #expect(try RigaTime.instant(from: "2027-10-31T03:30+03:00") == utc("2027-10-31T00:30:00Z"))
        #expect(try RigaTime.instant(from: "2027-10-31T03:30+02:00") == utc("2027-10-31T01:30:00Z"))
        #expect(try RigaTime.instant(from: "2027-10-31T04:00") == utc("2027-10-31T02:00:00Z"))
    }

    // Including digits of other scripts, which a careless pattern would accept.
    @Test(arguments: ["2027-02-30T09:00", "2027-01-15 09:00", "2027-01-15T25:00", "tomorrow", "２０２７-01-15T09:00", "2027-01-15T0٩:00"])
    func malformedTimesAreRefused(_ text: String) {
        #expect(throws: TimeError.malformed(text)) { try RigaTime.instant(from: text) }
    }

    @Test func instantsAreShownInRigaTimeWithTheirOffset() throws {
        #expect(RigaTime.localText(utc("2027-03-28T02:00:00Z")) == "2027-03-28T05:00:00+03:00")
        #expect(RigaTime.localText(utc("2027-10-31T03:00:00Z")) == "2027-10-31T05:00:00+02:00")
    }
}

@Suite struct SessionTimingTests {
    let hour = AcademicHourLength(minutes: 45)!

    @Test func sessionsAcrossTheSpringChangeAreAnHourShorter() throws {
        // 02:00–05:00 on the last Sunday of March is two real hours: two academic hours fit, three do not.
        let starts = try RigaTime.instant(from: "2027-03-28T02:00"), ends = try RigaTime.instant(from: "2027-03-28T05:00")
        #expect(try SessionTiming(startsAt: starts, endsAt: ends, academicHours: 2, hourLength: hour).academicHours == 2)
        #expect(throws: SchedulingError.invalid("3 academic hours of 45 min do not fit in a session of 120 min")) {
            try SessionTiming(startsAt: starts, endsAt: ends, academicHours: 3, hourLength: hour)
        }
    }

    @Test func sessionsAcrossTheAutumnChangeAreAnHourLonger() throws {
        // 02:00–05:00 on the last Sunday of October is four real hours: five academic hours fit.
        let starts = try RigaTime.instant(from: "2027-10-31T02:00"), ends = try RigaTime.instant(from: "2027-10-31T05:00")
        #expect(try SessionTiming(startsAt: starts, endsAt: ends, academicHours: 5, hourLength: hour).academicHours == 5)
    }

    @Test func aSessionMustEndAfterItStarts() throws {
        let time = try RigaTime.instant(from: "2027-05-10T09:00")
        #expect(throws: SchedulingError.invalid("the session must end after it starts")) {
            try SessionTiming(startsAt: time, endsAt: time, academicHours: 1, hourLength: hour)
        }
    }
}

@Suite struct GroupRulesTests {
    @Test func statusesMoveOnlyForwardOrToCancelled() {
        #expect(GroupStatus.planned.canMove(to: .open))
        #expect(GroupStatus.inProgress.canMove(to: .completed))
        #expect(GroupStatus.confirmed.canMove(to: .cancelled))
        #expect(!GroupStatus.open.canMove(to: .planned))
        #expect(!GroupStatus.completed.canMove(to: .cancelled))
        #expect(!GroupStatus.planned.canMove(to: .completed))
    }

    @Test func capacityBooksUntilFullThenWaitlists() {
        #expect(Capacity.decide(booked: 14, capacity: 15) == .booked)
        #expect(Capacity.decide(booked: 15, capacity: 15) == .waitlisted)
        #expect(Capacity.promotions(booked: 14, capacity: 15, waitlisted: 3) == 1)
        #expect(Capacity.promotions(booked: 10, capacity: 15, waitlisted: 3) == 3)
        #expect(Capacity.promotions(booked: 15, capacity: 15, waitlisted: 3) == 0)
    }

    @Test func theRegistrationWindowSaysWhyItIsClosed() throws {
        let window = RegistrationWindow(
            opensAt: try RigaTime.instant(from: "2027-04-01T09:00"), closesAt: try RigaTime.instant(from: "2027-05-01T00:00"),
            cancellationDeadline: try RigaTime.instant(from: "2027-05-05T00:00")
        )
        #expect(window.enrolmentRefusal(at: try RigaTime.instant(from: "2027-03-31T09:00")) == "registration opens at 2027-04-01T09:00:00+03:00")
        #expect(window.enrolmentRefusal(at: try RigaTime.instant(from: "2027-04-15T09:00")) == nil)
        #expect(window.enrolmentRefusal(at: try RigaTime.instant(from: "2027-05-01T00:00")) == "registration closed at 2027-05-01T00:00:00+03:00")
        #expect(window.cancellationRefusal(at: try RigaTime.instant(from: "2027-05-06T00:00")) == "the cancellation deadline passed at 2027-05-05T00:00:00+03:00")
    }
}

@Suite struct VersionInForceTests {
    func course(until: String?) throws -> CourseDefinition {
        let text = CourseText.course(code: "SPEKA", extra: until.map { "effective_until: \($0)" } ?? "")
        return try #require(try CourseText.catalogue([("speka.yaml", text)]).definitions.first)
    }

    @Test func aVersionIsDeliveredFromTheRigaDayItTakesEffectToTheLastDayItIsInForce() throws {
        let open = try course(until: nil)
        #expect(VersionInForce.problem(sessionStartsAt: try RigaTime.instant(from: "2026-12-31T23:59"), course: open)?.detail
                == "version 1 of SPEKA takes effect on 2027-01-01; a session cannot start before it")
        #expect(VersionInForce.problem(sessionStartsAt: try RigaTime.instant(from: "2027-01-01T00:00"), course: open) == nil)
        #expect(VersionInForce.problem(sessionStartsAt: try RigaTime.instant(from: "2040-06-01T09:00"), course: open) == nil)
        let ending = try course(until: "2027-06-30")
        #expect(VersionInForce.problem(sessionStartsAt: try RigaTime.instant(from: "2027-06-30T23:00"), course: ending) == nil)
        #expect(VersionInForce.problem(sessionStartsAt: try RigaTime.instant(from: "2027-07-01T00:00"), course: ending)?.detail
                == "version 1 of SPEKA is in force until 2027-06-30; a session cannot start after it")
    }
}
