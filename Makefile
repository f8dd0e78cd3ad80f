# The two commands a newcomer needs: `make run` and `make test`. Both install missing system packages and,
# without DATABASE_URL, create and start the project-local PostgreSQL cluster in .local/.
.PHONY: run test bench build db db-stop

run:
	./scripts/run.sh

test:
	./scripts/test.sh

# Release build, seeded national database, wrk from a second process: one table (scripts/bench.sh).
bench:
	./scripts/bench.sh

build:
	./scripts/ensure-system-packages.sh
	swift build

db:
	./scripts/ensure-system-packages.sh
	./scripts/local-db.sh start >/dev/null

db-stop:
	./scripts/local-db.sh stop
