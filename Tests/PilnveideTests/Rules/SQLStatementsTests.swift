import Core
import Database
import Testing

@Suite struct SQLStatementsTests {
    @Test func splitsAtTopLevelSemicolonsAndDropsComments() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (id int);
            /* block; comment */ CREATE INDEX a_idx ON a (id);

            """
        #expect(SQLStatements.split(script) == ["CREATE TABLE a (id int)", "CREATE INDEX a_idx ON a (id)"])
    }

    @Test func keepsSemicolonsInsideStringsAndIdentifiers() {
        let script = #"INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\';y'); SELECT "odd;name" FROM t"#
        #expect(SQLStatements.split(script) == [
            #"INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\';y')"#, #"SELECT "odd;name" FROM t"#,
        ])
    }

    @Test func keepsDollarQuotedBodiesWhole() {
        let script = """
            CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
            DO $body$ BEGIN PERFORM 1; END $body$;
            """
        let statements = SQLStatements.split(script)
        #expect(statements.count == 2)
        #expect(statements[0].hasSuffix("LANGUAGE sql"))
        #expect(statements[1] == "DO $body$ BEGIN PERFORM 1; END $body$")
    }

    @Test func aScriptOfOnlyCommentsHasNoStatements() {
        #expect(SQLStatements.split("-- nothing here\n/* nor here */\n").isEmpty)
    }
}
