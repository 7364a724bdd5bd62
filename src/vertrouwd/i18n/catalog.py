"""Every user-facing text, Dutch and English side by side. A test checks both exist."""

MESSAGES: dict[str, dict[str, str]] = {
    # where a problem is
    "where.line": {"nl": "regel {line}", "en": "line {line}"},
    "where.column": {"nl": "kolom '{column}'", "en": "column '{column}'"},
    "where.value": {"nl": "waarde '{value}'", "en": "value '{value}'"},
    "where.hidden": {"nl": "(identificatie verborgen)", "en": "(identifier hidden)"},
    # import outcome
    "import.failed": {
        "nl": "{file}: {count} probleem/problemen gevonden; het bestand is niet geïmporteerd.",
        "en": "{file}: {count} problem(s) found; the file was not imported.",
    },
    "import.more_problems": {"nl": "  … en nog {count} andere problemen.", "en": "  … and {count} more problems."},
    "import.nothing_written": {
        "nl": "Er is niets in de database geschreven. Herstel het bestand en importeer opnieuw.",
        "en": "Nothing was written to the database. Fix the file and import it again.",
    },
    "import.unknown_table": {
        "nl": "Onbekende tabel '{table}'. Kies uit: {tables}.",
        "en": "Unknown table '{table}'. Choose from: {tables}.",
    },
    "import.done": {
        "nl": "{file} → {table}: {added} rijen toegevoegd, {skipped} overgeslagen (al aanwezig), {updated} bijgewerkt; importbatch {batch}.",
        "en": "{file} → {table}: {added} rows added, {skipped} skipped (already present), {updated} updated; import batch {batch}.",
    },
    "import.already": {
        "nl": "Dit bestand is al eerder geïmporteerd (importbatch {batch}, {file}, {when}). Er is niets veranderd.",
        "en": "This file was imported before (import batch {batch}, {file}, {when}). Nothing changed.",
    },
    "file.not_found": {"nl": "Bestand niet gevonden: {path}", "en": "File not found: {path}"},
    # keys
    "key.missing": {
        "nl": "Geen sleutel voor pseudonimisering gevonden ({path}). Maak er een met 'vertrouwd init', "
              "of zet de sleutel in de omgevingsvariabele VERTROUWD_KEY.",
        "en": "No pseudonymisation key found ({path}). Create one with 'vertrouwd init', "
              "or put the key in the environment variable VERTROUWD_KEY.",
    },
    "key.env_too_short": {
        "nl": "VERTROUWD_KEY is te kort: gebruik minstens {minimum} tekens (bijvoorbeeld uit 'vertrouwd init').",
        "en": "VERTROUWD_KEY is too short: use at least {minimum} characters (for example from 'vertrouwd init').",
    },
    "key.too_open": {
        "nl": "Het sleutelbestand {path} is leesbaar voor anderen (rechten {mode}). Beperk het met: chmod 600 {path}",
        "en": "The key file {path} is readable by others (mode {mode}). Restrict it with: chmod 600 {path}",
    },
    "key.unreadable": {
        "nl": "Het sleutelbestand {path} bevat geen geldige sleutel (verwacht: 64 hexadecimale tekens).",
        "en": "The key file {path} holds no valid key (expected: 64 hexadecimal characters).",
    },
    "key.exists": {
        "nl": "Er bestaat al een sleutel in {path}. Die blijft staan: met een nieuwe sleutel sluiten "
              "pseudoniemen van eerdere imports niet meer aan.",
        "en": "A key already exists at {path}. It is kept: with a new key, pseudonyms of earlier imports "
              "would no longer line up.",
    },
    "key.created": {
        "nl": "Nieuwe sleutel gemaakt in {path} (alleen leesbaar voor u). Bewaar een kopie op een veilige plek: "
              "zonder deze sleutel zijn gegevens niet meer aan te vullen of terug te herleiden.",
        "en": "New key created at {path} (readable only by you). Keep a copy somewhere safe: without this key "
              "data can no longer be added to or traced back.",
    },
    # store
    "store.not_found": {"nl": "Database niet gevonden: {path}", "en": "Database not found: {path}"},
    "store.locked": {
        "nl": "De database {path} is in gebruik door een ander proces dat erin schrijft. "
              "Wacht tot dat klaar is en probeer het opnieuw.",
        "en": "The database {path} is in use by another process that is writing to it. "
              "Wait until it has finished and try again.",
    },
    "store.unreadable": {
        "nl": "De database {path} kan niet worden geopend: {reason}",
        "en": "The database {path} cannot be opened: {reason}",
    },
    "store.too_new": {
        "nl": "De database {path} is gemaakt door een nieuwere vertrouwd (schemaversie {version}; deze versie kent "
              "tot {known}). Werk vertrouwd bij.",
        "en": "The database {path} was made by a newer vertrouwd (schema version {version}; this version knows up "
              "to {known}). Upgrade vertrouwd.",
    },
    "store.foreign": {
        "nl": "{path} is een DuckDB-bestand dat niet door vertrouwd is gemaakt. Kies een ander bestand met --db.",
        "en": "{path} is a DuckDB file not made by vertrouwd. Choose another file with --db.",
    },
    # encodings and file formats
    "encoding.utf16": {
        "nl": "het bestand is UTF-16 gecodeerd. Sla het op als 'CSV UTF-8' en importeer opnieuw.",
        "en": "the file is UTF-16 encoded. Save it as 'CSV UTF-8' and import again.",
    },
    "encoding.binary": {
        "nl": "dit is geen tekstbestand (misschien een Excel-bestand met de extensie .csv). "
              "Geef het de juiste extensie (.xlsx) of sla het op als CSV.",
        "en": "this is not a text file (perhaps an Excel file named .csv). "
              "Give it the right extension (.xlsx) or save it as CSV.",
    },
    "encoding.bad_utf8": {
        "nl": "ongeldige tekens: het bestand is UTF-8 maar bevat hier bytes die geen UTF-8 zijn "
              "(verwacht: UTF-8 of Windows-1252, niet door elkaar).",
        "en": "invalid characters: the file is UTF-8 but here holds bytes that are not UTF-8 "
              "(expected: UTF-8 or Windows-1252, not mixed).",
    },
    "encoding.unknown": {
        "nl": "ongeldige tekens: geen UTF-8 en geen Windows-1252.",
        "en": "invalid characters: neither UTF-8 nor Windows-1252.",
    },
    "csv.field_count": {
        "nl": "{actual} velden gevonden, verwacht {expected} (scheidingsteken {delimiter}). "
              "Staat er een scheidingsteken te veel of te weinig, of gebruikt deze regel een ander scheidingsteken?",
        "en": "{actual} fields found, expected {expected} (delimiter {delimiter}). "
              "Is there a delimiter too many or too few, or does this line use another delimiter?",
    },
    "xlsx.broken": {
        "nl": "het Excel-bestand is beschadigd of onvolledig ({reason}). Sla het opnieuw op in Excel.",
        "en": "the Excel file is damaged or incomplete ({reason}). Save it again in Excel.",
    },
    "parquet.broken": {
        "nl": "het Parquet-bestand is beschadigd of onvolledig ({reason}).",
        "en": "the Parquet file is damaged or incomplete ({reason}).",
    },
    # headers and mapping
    "map.syntax": {
        "nl": "--map verwacht kolom=Kop, bijvoorbeeld --map client_id=Cliëntnr; gekregen: '{pair}'.",
        "en": "--map expects column=Header, for example --map client_id=ClientNo; got: '{pair}'.",
    },
    "map.unknown_column": {
        "nl": "--map noemt een kolom die tabel {table} niet heeft. Kolommen: {columns}.",
        "en": "--map names a column that table {table} does not have. Columns: {columns}.",
    },
    "map.header_missing": {
        "nl": "--map noemt een kop die niet in het bestand staat. Koppen in het bestand: {headers}.",
        "en": "--map names a header that is not in the file. Headers in the file: {headers}.",
    },
    "header.empty": {"nl": "geen kopregel gevonden: het bestand is leeg.", "en": "no header found: the file is empty."},
    "header.blank": {
        "nl": "kolom zonder naam in de kopregel. Geef hem een naam of verwijder hem.",
        "en": "column without a name in the header. Name it or remove it.",
    },
    "header.unknown": {
        "nl": "onbekende kolom voor tabel {table}. Koppel hem met --map kolom=Kop, of laat hem weg met "
              "--ignore Kop. Kolommen van {table}: {columns}. (Heeft het bestand misschien een ander scheidingsteken?)",
        "en": "unknown column for table {table}. Map it with --map column=Header, or leave it out with "
              "--ignore Header. Columns of {table}: {columns}. (Does the file perhaps use another delimiter?)",
    },
    "header.twice": {
        "nl": "deze kop en '{other}' betekenen allebei {canonical}. Laat er één weg met --ignore.",
        "en": "this header and '{other}' both mean {canonical}. Leave one out with --ignore.",
    },
    "header.required_missing": {
        "nl": "verplichte kolom {canonical} ontbreekt voor tabel {table}. Koppel een kop eraan met --map {canonical}=Kop.",
        "en": "required column {canonical} is missing for table {table}. Map a header to it with --map {canonical}=Header.",
    },
    # values
    "value.required": {"nl": "leeg, maar verplicht.", "en": "empty, but required."},
    "value.date": {
        "nl": "verwacht een datum als 2024-03-01 (ISO 8601) of 01-03-2024.",
        "en": "expected a date such as 2024-03-01 (ISO 8601) or 01-03-2024.",
    },
    "value.year": {
        "nl": "datum buiten het bereik {low}–{high}.",
        "en": "date outside the range {low}–{high}.",
    },
    "value.integer": {"nl": "verwacht een geheel getal.", "en": "expected a whole number."},
    "value.number": {"nl": "verwacht een getal (bijvoorbeeld 0,8).", "en": "expected a number (for example 0.8)."},
    "value.range": {"nl": "verwacht een waarde van {low} tot en met {high}.", "en": "expected a value from {low} to {high}."},
    "value.date_order": {"nl": "ligt vóór {other}.", "en": "lies before {other}."},
    "value.bsn": {
        "nl": "geen geldig BSN (de elfproef klopt niet, of het zijn geen 8 of 9 cijfers).",
        "en": "not a valid BSN (the 11-check fails, or it is not 8 or 9 digits).",
    },
    "value.repeated_key": {
        "nl": "komt al voor op regel {first}; elke rij moet een eigen sleutel hebben.",
        "en": "already occurs on line {first}; every row needs its own key.",
    },
    # command line
    "cli.interrupted": {"nl": "Afgebroken; er is niets half geschreven.", "en": "Interrupted; nothing was half-written."},
    "cli.unexpected": {
        "nl": "Onverwachte fout ({kind}); er is niets half geschreven. Zet VERTROUWD_DEBUG=1 voor details.",
        "en": "Unexpected error ({kind}); nothing was half-written. Set VERTROUWD_DEBUG=1 for details.",
    },
    "progress.hash": {"nl": "Controleren {file}", "en": "Checking {file}"},
    "progress.read": {"nl": "Inlezen {file}", "en": "Reading {file}"},
    "progress.measure": {"nl": "Meten", "en": "Measuring"},
    "progress.synth": {"nl": "Synthetische gemeente met {clients} cliënten", "en": "Synthetic municipality with {clients} clients"},
    "synth.format": {"nl": "--format moet csv of parquet zijn, niet '{value}'.", "en": "--format must be csv or parquet, not '{value}'."},
    "synth.done": {
        "nl": "Geschreven naar {out}: {contacts} contacten, {professionals} medewerkers, {clients} cliënten, {contracts} contracten.",
        "en": "Written to {out}: {contacts} contacts, {professionals} professionals, {clients} clients, {contracts} contracts.",
    },
    "status.title": {"nl": "Database {path} (schemaversie {version})", "en": "Database {path} (schema version {version})"},
    "status.table": {"nl": "tabel", "en": "table"},
    "status.rows": {"nl": "rijen", "en": "rows"},
    "status.no_batches": {"nl": "Nog niets geïmporteerd.", "en": "Nothing imported yet."},
    "status.batches": {"nl": "Importbatches", "en": "Import batches"},
    "status.batch": {"nl": "batch", "en": "batch"},
    "status.file": {"nl": "bestand", "en": "file"},
    "status.read": {"nl": "gelezen", "en": "read"},
    "status.added": {"nl": "toegevoegd", "en": "added"},
    "status.skipped": {"nl": "overgeslagen", "en": "skipped"},
    "status.updated": {"nl": "bijgewerkt", "en": "updated"},
    "status.key": {"nl": "sleutel", "en": "key"},
    "status.when": {"nl": "tijdstip", "en": "time"},
    "demo.start": {
        "nl": "Demo: een synthetische gemeente met {clients} cliënten over {years} jaar.",
        "en": "Demo: a synthetic municipality with {clients} clients over {years} years.",
    },
    "demo.summary": {
        "nl": "Contacten van {first} tot {last}, {orgs} organisaties, {teams} teams, {areas} wijken. Database: {db}",
        "en": "Contacts from {first} to {last}, {orgs} organisations, {teams} teams, {areas} areas. Database: {db}",
    },
    "demo.next": {
        "nl": "Verder kijken: vertrouwd measure relational --db {db} --by team",
        "en": "Look further: vertrouwd measure relational --db {db} --by team",
    },
    "demo.handover": {
        "nl": "Overdracht plannen als {pid} vertrekt: vertrouwd handover --db {db} --key-file {keyfile} --leaving {pid} --on {on}",
        "en": "Plan the handover if {pid} leaves: vertrouwd handover --db {db} --key-file {keyfile} --leaving {pid} --on {on}",
    },
    # help texts
    "help.app": {
        "nl": "vertrouwd: meet, bewaak en plan relationele continuïteit in het sociaal domein.",
        "en": "vertrouwd: measure, watch and plan relational continuity in the social domain.",
    },
    "help.lang": {"nl": "Taal van de uitvoer: nl of en.", "en": "Language of the output: nl or en."},
    "help.db": {"nl": "Databasebestand (standaard vertrouwd.duckdb; ook VERTROUWD_DB).",
                "en": "Database file (default vertrouwd.duckdb; also VERTROUWD_DB)."},
    "help.key_file": {"nl": "Sleutelbestand (standaard ~/.config/vertrouwd/key; ook VERTROUWD_KEY_FILE).",
                      "en": "Key file (default ~/.config/vertrouwd/key; also VERTROUWD_KEY_FILE)."},
    "help.init": {"nl": "Maak een nieuwe sleutel voor pseudonimisering (bestand met rechten 0600, buiten de database).",
                  "en": "Create a new pseudonymisation key (a file with mode 0600, outside the database)."},
    "help.import": {
        "nl": "Importeer een CSV-, XLSX- of Parquet-bestand in een tabel. Alles wordt eerst gecontroleerd; "
              "bij een fout wordt niets geschreven (exitcode 2). Identificaties worden gepseudonimiseerd.",
        "en": "Import a CSV, XLSX or Parquet file into a table. Everything is checked first; on an error "
              "nothing is written (exit code 2). Identifiers are pseudonymised.",
    },
    "help.import.table": {"nl": "contacts, professionals, clients of contracts.", "en": "contacts, professionals, clients or contracts."},
    "help.import.file": {"nl": "Het bestand (.csv, .xlsx of .parquet).", "en": "The file (.csv, .xlsx or .parquet)."},
    "help.import.map": {"nl": "Koppel een kop aan een kolom: --map client_id=Cliëntnr (herhaalbaar).",
                        "en": "Map a header to a column: --map client_id=ClientNo (repeatable)."},
    "help.import.ignore": {"nl": "Laat een kolom van het bestand bewust weg (herhaalbaar).",
                           "en": "Leave a column of the file out on purpose (repeatable)."},
    "help.import.bsn": {"nl": "De cliëntkolom bevat BSN's: controleer elk met de elfproef.",
                        "en": "The client column holds BSNs: check each with the 11-check."},
    "help.synth": {"nl": "Schrijf een synthetische gemeente: contacten, medewerkers, cliënten en contracten.",
                   "en": "Write a synthetic municipality: contacts, professionals, clients and contracts."},
    "help.synth.out": {"nl": "Map voor de bestanden.", "en": "Directory for the files."},
    "help.synth.clients": {"nl": "Aantal cliënten.", "en": "Number of clients."},
    "help.synth.years": {"nl": "Aantal jaren.", "en": "Number of years."},
    "help.synth.seed": {"nl": "Startwaarde van het toeval: dezelfde waarde geeft dezelfde bestanden.",
                        "en": "Random seed: the same value gives the same files."},
    "help.synth.format": {"nl": "csv of parquet.", "en": "csv or parquet."},
    "help.status": {"nl": "Laat zien wat de database bevat, per tabel en per importbatch.",
                    "en": "Show what the database holds, per table and per import batch."},
    "help.demo": {"nl": "Maak een synthetische gemeente, importeer die in een nieuwe demodatabase en vat samen.",
                  "en": "Make a synthetic municipality, import it into a fresh demo database and summarise."},
    "help.demo.dir": {"nl": "Map voor de demo (gegevens, sleutel, database).", "en": "Directory for the demo (data, key, database)."},
    # measures
    "measure.level": {"nl": "--level '{value}' bestaat niet; kies uit: {choices}.", "en": "--level '{value}' does not exist; choose from: {choices}."},
    "measure.by": {"nl": "--by '{value}' bestaat niet; kies uit: {choices}.", "en": "--by '{value}' does not exist; choose from: {choices}."},
    "measure.no_contacts": {"nl": "Er zijn geen contacten om te meten.", "en": "There are no contacts to measure."},
    "measure.span": {
        "nl": "'{value}' is geen periode; gebruik bijvoorbeeld 12m (maanden), 3m, 1y (jaar), 4w (weken) of 90d (dagen).",
        "en": "'{value}' is not a span; use for example 12m (months), 3m, 1y (year), 4w (weeks) or 90d (days).",
    },
    "measure.window_too_long": {
        "nl": "Het venster {window} past niet in de periode {start} – {end}. Kies een korter venster of een langere periode.",
        "en": "The window {window} does not fit in the period {start} – {end}. Choose a shorter window or a longer period.",
    },
    "measure.date": {
        "nl": "{option}: '{value}' is geen datum; gebruik 2024-03-01 of 01-03-2024.",
        "en": "{option}: '{value}' is not a date; use 2024-03-01 or 01-03-2024.",
    },
    "measure.summary": {
        "nl": "{clients} cliënten met minstens {min} contacten (van {all}). Mediaan {nop} verschillende {actors} per cliënt, "
              "mediaan UPC {upc}. {share} loopt risico ({risk_nop} of meer {actors}, of UPC onder {risk_upc} bij {risk_min}+ contacten).",
        "en": "{clients} clients with at least {min} contacts (of {all}). Median {nop} different {actors} per client, "
              "median UPC {upc}. {share} at risk ({risk_nop} or more {actors}, or UPC under {risk_upc} with {risk_min}+ contacts).",
    },
    "measure.actors.professional": {"nl": "medewerkers", "en": "professionals"},
    "measure.actors.team": {"nl": "teams", "en": "teams"},
    "measure.no_contracts": {"nl": "Er zijn geen contracten om te meten.", "en": "There are no contracts to measure."},
    "measure.period": {"nl": "--period '{value}' bestaat niet; kies year, quarter, month of 12m.",
                       "en": "--period '{value}' does not exist; choose year, quarter, month or 12m."},
    "measure.title.staff": {"nl": "Personeel", "en": "Staff"},
    "measure.title.caseload": {"nl": "Caseload per maand", "en": "Caseload per month"},
    "measure.title.broken": {"nl": "Relaties verbroken door vertrek", "en": "Relationships broken by departures"},
    "measure.groups_title": {"nl": "Per groep (hoogste risico eerst)", "en": "Per group (highest risk first)"},
    "measure.clients": {"nl": "cliënten", "en": "clients"},
    "measure.median_nop": {"nl": "mediaan aantal", "en": "median number"},
    "measure.median_upc": {"nl": "mediaan UPC", "en": "median UPC"},
    "measure.share_at_risk": {"nl": "risico", "en": "at risk"},
    "measure.suppressed": {"nl": "< {min_cell} (onderdrukt)", "en": "< {min_cell} (suppressed)"},
    "measure.written": {"nl": "Geschreven: {path} ({rows} rijen).", "en": "Written: {path} ({rows} rows)."},
    "engine.no_spark": {
        "nl": "Spark is niet geïnstalleerd. Installeer het met: pip install 'vertrouwd[spark]' (Java 17 is ook nodig).",
        "en": "Spark is not installed. Install it with: pip install 'vertrouwd[spark]' (Java 17 is needed too).",
    },
    "engine.no_java": {
        "nl": "Spark heeft Java nodig (17 of nieuwer); installeer het of zet JAVA_HOME.",
        "en": "Spark needs Java (17 or newer); install it or set JAVA_HOME.",
    },
    "engine.memory": {"nl": "VERTROUWD_MEMORY='{value}' is geen hoeveelheid geheugen; gebruik bijvoorbeeld 2GB.",
                      "en": "VERTROUWD_MEMORY='{value}' is not an amount of memory; use for example 2GB."},
    "engine.unknown": {"nl": "Onbekende engine '{name}'; kies duckdb of spark.", "en": "Unknown engine '{name}'; choose duckdb or spark."},
    "export.format": {
        "nl": "Uitvoerbestand {path}: gebruik de extensie .csv of .parquet.",
        "en": "Output file {path}: use the extension .csv or .parquet.",
    },
    "help.measure": {"nl": "Meet continuïteit.", "en": "Measure continuity."},
    "help.measure.relational": {
        "nl": "Relationele continuïteit per cliënt (UPC, COC, SECON, MMCI, HHI, K, ...) of per groep, uit de database of "
              "rechtstreeks uit een contactenbestand.",
        "en": "Relational continuity per client (UPC, COC, SECON, MMCI, HHI, K, ...) or per group, from the database or "
              "straight from a contacts file.",
    },
    "help.measure.file": {
        "nl": "Contactenbestand (CSV/XLSX/Parquet); zonder bestand wordt de database gebruikt.",
        "en": "Contacts file (CSV/XLSX/Parquet); without a file the database is used.",
    },
    "help.measure.output": {"nl": "Schrijf het resultaat naar .csv of .parquet.", "en": "Write the result to .csv or .parquet."},
    "help.measure.level": {"nl": "professional of team.", "en": "professional or team."},
    "help.measure.by": {"nl": "Groepeer per team, organization, area, domain of intervention (herhaalbaar).",
                        "en": "Group by team, organization, area, domain or intervention (repeatable)."},
    "help.measure.from": {"nl": "Begin van de periode (datum).", "en": "Start of the period (date)."},
    "help.measure.to": {"nl": "Einde van de periode (datum).", "en": "End of the period (date)."},
    "help.measure.engine": {"nl": "duckdb (standaard) of spark.", "en": "duckdb (default) or spark."},
    "help.measure.spark_master": {"nl": "Spark-master (standaard lokaal).", "en": "Spark master (default local)."},
    "help.measure.window": {"nl": "Rollend venster, bijvoorbeeld 12m.", "en": "Rolling window, for example 12m."},
    "help.measure.step": {"nl": "Stap tussen vensters, bijvoorbeeld 3m.", "en": "Step between windows, for example 3m."},
    "help.measure.min_contacts": {"nl": "Groepscijfers tellen cliënten met minstens zoveel contacten.",
                                  "en": "Group figures count clients with at least this many contacts."},
    "help.measure.risk_professionals": {"nl": "Risico vanaf zoveel medewerkers.", "en": "At risk from this many professionals."},
    "help.measure.risk_upc": {"nl": "Risico bij UPC onder deze waarde.", "en": "At risk with UPC under this value."},
    "help.measure.risk_min_contacts": {"nl": "UPC-risico telt vanaf zoveel contacten.", "en": "UPC risk counts from this many contacts."},
    "help.measure.period": {"nl": "year, quarter, month, of 12m (perioden van 12 maanden tot en met --to).",
                            "en": "year, quarter, month, or 12m (12-month periods up to and including --to)."},
    "help.measure.org_by": {"nl": "Per organization (standaard) en/of team (herhaalbaar).",
                            "en": "Per organization (default) and/or team (repeatable)."},
    "help.measure.staff": {
        "nl": "Personeel per organisatie (en team) en periode: bezetting, fte, instroom, uitstroom, uitstroompercentage "
              "(CBS), stabiliteitsindex en mediane diensttijd.",
        "en": "Staff per organisation (and team) and period: headcount, FTE, joiners, leavers, outflow rate (CBS), "
              "stability index and median tenure.",
    },
    "help.measure.caseload": {
        "nl": "Caseload per maand: actieve cliënten per medewerker (contact in de maand of de 60 dagen ervoor) "
              "en het aandeel medewerkers boven hun maximum.",
        "en": "Caseload per month: active clients per professional (contact in the month or the 60 days before) "
              "and the share of professionals over their cap.",
    },
    "help.measure.broken": {
        "nl": "Relaties verbroken door vertrek: cliënten van wie de vaste medewerker vertrok, en of hun volgende "
              "contact een bekend gezicht, een onbekende of niemand (binnen 60 dagen) was.",
        "en": "Relationships broken by departures: clients whose main professional left, and whether their next "
              "contact was a known face, a stranger or nobody (within 60 days).",
    },
    "help.measure.detail": {"nl": "Eén rij per cliënt (gepseudonimiseerd) in plaats van tellingen.",
                            "en": "One row per client (pseudonymised) instead of counts."},
    "help.measure.min_cell": {"nl": "Groepen met minder cliënten worden onderdrukt.", "en": "Groups with fewer clients are suppressed."},
    # report
    "report.title": {"nl": "Continuïteit in het sociaal domein", "en": "Continuity in the social domain"},
    "report.period": {"nl": "Periode {start} – {end}", "en": "Period {start} – {end}"},
    "report.made": {"nl": "gemaakt {when} met vertrouwd", "en": "made {when} with vertrouwd"},
    "report.suppression": {
        "nl": "Cijfers over minder dan {min_cell} cliënten zijn onderdrukt (–), en zo nodig ook een tweede cel, zodat geen onderdrukt cijfer uit totalen is terug te rekenen.",
        "en": "Figures about fewer than {min_cell} clients are suppressed (–), and where needed a second cell too, so that no suppressed figure can be worked out from totals.",
    },
    "report.suppressed_cell": {"nl": "–", "en": "–"},
    "report.yes": {"nl": "ja", "en": "yes"},
    "report.no": {"nl": "nee", "en": "no"},
    "report.section.relational": {"nl": "Relaties: hoeveel gezichten zien cliënten?", "en": "Relationships: how many faces do clients see?"},
    "report.section.organisational": {"nl": "Organisaties: personeel en caseload", "en": "Organisations: staff and caseload"},
    "report.section.links": {"nl": "Verbanden: vertrek en wisseling van aanbieder", "en": "Links: departures and provider changes"},
    "report.section.policy": {"nl": "Beleid: contracten, aanbieders en huishoudens", "en": "Policy: contracts, providers and households"},
    "report.by.team": {"nl": "Per team", "en": "By team"},
    "report.by.organization": {"nl": "Per organisatie", "en": "By organisation"},
    "report.by.area": {"nl": "Per wijk", "en": "By area"},
    "report.by.domain": {"nl": "Per domein", "en": "By domain"},
    "report.by.intervention": {"nl": "Per interventie", "en": "By intervention"},
    "report.chart.nop_distribution": {"nl": "Cliënten naar aantal verschillende medewerkers", "en": "Clients by number of different professionals"},
    "report.chart.trend_upc": {"nl": "Mediane UPC per domein (venster 12 maanden)", "en": "Median UPC by domain (12-month window)"},
    "report.chart.trend_risk": {"nl": "Aandeel cliënten met risico per domein (venster 12 maanden)", "en": "Share of clients at risk by domain (12-month window)"},
    "report.chart.outflow": {"nl": "Uitstroompercentage per organisatie en jaar", "en": "Outflow rate by organisation and year"},
    "report.chart.over_cap": {"nl": "Aandeel medewerkers boven hun maximale caseload, per maand", "en": "Share of professionals over their caseload cap, by month"},
    "report.table.staff": {"nl": "Personeel per organisatie en jaar", "en": "Staff by organisation and year"},
    "report.table.broken": {"nl": "Relaties verbroken door vertrek", "en": "Relationships broken by departures"},
    "report.table.provider_change": {"nl": "Continuïteit rond een wisseling van aanbieder (12 maanden voor en na)", "en": "Continuity around a provider change (12 months before and after)"},
    "report.table.contracts": {"nl": "Looptijd van contracten", "en": "Contract durations"},
    "report.table.churn": {"nl": "Wisseling van aanbieders per wijk en raadsperiode", "en": "Provider churn by area and council period"},
    "report.table.hands": {"nl": "Handen per huishouden, per kwartaal", "en": "Hands per household, by quarter"},
    "report.headline.risk": {
        "nl": "In {year} zag 1 op de {one_in} cliënten vier of meer verschillende medewerkers ({percent}%).",
        "en": "In {year}, 1 in {one_in} clients saw four or more different professionals ({percent}%).",
    },
    "report.headline.no_risk": {"nl": "In {year} zag geen cliënt vier of meer verschillende medewerkers.", "en": "In {year}, no client saw four or more different professionals."},
    "report.headline.outflow": {"nl": "In {year} vertrok {percent}% van de medewerkers.", "en": "In {year}, {percent}% of the staff left."},
    "report.headline.broken": {
        "nl": "In {year} verloren {broken} cliënten hun vaste medewerker door vertrek; {percent}% kreeg daarna iemand die ze al kenden.",
        "en": "In {year}, {broken} clients lost their main professional to a departure; {percent}% then got someone they already knew.",
    },
    "report.headline.broken_only": {
        "nl": "In {year} verloren {broken} cliënten hun vaste medewerker door vertrek.",
        "en": "In {year}, {broken} clients lost their main professional to a departure.",
    },
    "report.before": {"nl": "ervoor", "en": "before"},
    "report.after": {"nl": "erna", "en": "after"},
    "report.chart.provider_change": {"nl": "Mediane UPC 12 maanden voor en na een wisseling van aanbieder",
                                     "en": "Median UPC 12 months before and after a provider change"},
    "report.written": {"nl": "Rapport geschreven: {path}", "en": "Report written: {path}"},
    "progress.report": {"nl": "Rapport maken", "en": "Making the report"},
    "help.report": {
        "nl": "Maak het rapport: één HTML-bestand dat offline opent (en met --xlsx een Excel-werkmap), met kleine aantallen onderdrukt.",
        "en": "Make the report: one HTML file that opens offline (and with --xlsx an Excel workbook), with small numbers suppressed.",
    },
    "help.report.output": {"nl": "HTML-bestand (standaard report.html).", "en": "HTML file (default report.html)."},
    "help.report.xlsx": {"nl": "Schrijf ook een Excel-werkmap.", "en": "Also write an Excel workbook."},
    "column.team": {"nl": 'team', "en": 'team'},
    "column.organization": {"nl": 'organisatie', "en": 'organisation'},
    "column.area": {"nl": 'wijk', "en": 'area'},
    "column.domain": {"nl": 'domein', "en": 'domain'},
    "column.intervention": {"nl": 'interventie', "en": 'intervention'},
    "column.clients": {"nl": 'cliënten', "en": 'clients'},
    "column.clients_at_risk": {"nl": 'met risico', "en": 'at risk'},
    "column.share_at_risk": {"nl": 'aandeel risico', "en": 'share at risk'},
    "column.n_professionals_median": {"nl": 'mediaan aantal medewerkers', "en": 'median professionals'},
    "column.upc_median": {"nl": 'mediaan UPC', "en": 'median UPC'},
    "column.upc_q1": {"nl": 'UPC 1e kwartiel', "en": 'UPC 1st quartile'},
    "column.upc_q3": {"nl": 'UPC 3e kwartiel', "en": 'UPC 3rd quartile'},
    "column.coc_median": {"nl": 'mediaan COC', "en": 'median COC'},
    "column.secon_median": {"nl": 'mediaan SECON', "en": 'median SECON'},
    "column.main_relationship_days_median": {"nl": 'mediaan dagen vaste relatie', "en": 'median days main relationship'},
    "column.period": {"nl": 'periode', "en": 'period'},
    "column.headcount": {"nl": 'bezetting', "en": 'headcount'},
    "column.joiners": {"nl": 'instroom', "en": 'joiners'},
    "column.leavers": {"nl": 'uitstroom', "en": 'leavers'},
    "column.outflow_rate": {"nl": 'uitstroompercentage', "en": 'outflow rate'},
    "column.stability_index": {"nl": 'stabiliteitsindex', "en": 'stability index'},
    "column.median_tenure_years": {"nl": 'mediane diensttijd (jaar)', "en": 'median tenure (years)'},
    "column.broken": {"nl": 'verbroken relaties', "en": 'broken relationships'},
    "column.known_face": {"nl": 'bekend gezicht', "en": 'known face'},
    "column.stranger": {"nl": 'onbekende', "en": 'stranger'},
    "column.lost": {"nl": 'uit beeld', "en": 'lost'},
    "column.share_known_face": {"nl": 'aandeel bekend gezicht', "en": 'share known face'},
    "column.broken_per_100_clients": {"nl": 'per 100 cliënten', "en": 'per 100 clients'},
    "column.organization_before": {"nl": 'organisatie ervoor', "en": 'organisation before'},
    "column.organization_after": {"nl": 'organisatie erna', "en": 'organisation after'},
    "column.changed_on": {"nl": 'wisseldatum', "en": 'changed on'},
    "column.side": {"nl": 'voor/na', "en": 'before/after'},
    "column.share_4_or_more_professionals": {"nl": 'aandeel 4+ medewerkers', "en": 'share 4+ professionals'},
    "column.municipality": {"nl": 'gemeente', "en": 'municipality'},
    "column.procurement": {"nl": 'inkoopvorm', "en": 'procurement'},
    "column.contracts": {"nl": 'contracten', "en": 'contracts'},
    "column.planned_years_median": {"nl": 'mediane looptijd (jaar)', "en": 'median planned years'},
    "column.maximum_years_median": {"nl": 'mediane maximale looptijd (jaar)', "en": 'median maximum years'},
    "column.share_max_over_6_years": {"nl": 'aandeel max. > 6 jaar', "en": 'share max. > 6 years'},
    "column.providers_started": {"nl": 'aanbieders gestart', "en": 'providers started'},
    "column.providers_stopped": {"nl": 'aanbieders gestopt', "en": 'providers stopped'},
    "column.providers_serving": {"nl": 'aanbieders actief', "en": 'providers serving'},
    "column.households": {"nl": 'huishoudens', "en": 'households'},
    "column.organisations_mean": {"nl": 'gem. organisaties', "en": 'mean organisations'},
    "column.professionals_median": {"nl": 'mediaan medewerkers', "en": 'median professionals'},
    "column.share_3_or_more_organisations": {"nl": 'aandeel 3+ organisaties', "en": 'share 3+ organisations'},
    "column.suppressed": {"nl": 'onderdrukt', "en": 'suppressed'},
    # handover
    "handover.scope": {"nl": "--scope '{value}' bestaat niet; kies team of organization.", "en": "--scope '{value}' does not exist; choose team or organization."},
    "handover.unknown_leaving": {
        "nl": "{count} vertrekkende medewerker(s) niet gevonden in de database (identificatie verborgen). Klopt het nummer, en is dezelfde sleutel gebruikt als bij de import?",
        "en": "{count} leaving professional(s) not found in the database (identifier hidden). Is the number right, and is the same key used as on import?",
    },
    "handover.solver": {"nl": "De optimalisatie vond geen oplossing.", "en": "The optimisation found no solution."},
    "handover.reason.known_face": {"nl": "kent deze medewerker: {contacts} contacten, laatste op {last}", "en": "knows this professional: {contacts} contacts, last on {last}"},
    "handover.reason.same_team": {"nl": "collega uit hetzelfde team", "en": "colleague from the same team"},
    "handover.reason.same_area": {"nl": "werkt in de wijk van de cliënt", "en": "works in the client's area"},
    "handover.reason.room": {"nl": "heeft ruimte in de caseload", "en": "has room in the caseload"},
    "handover.reason.unplaced": {"nl": "geen plek: niemand heeft ruimte", "en": "not placed: nobody has room"},
    "handover.title": {"nl": "Overdrachtsplan per {on} (voorstel; er is niets opgeslagen)", "en": "Handover plan for {on} (a proposal; nothing was stored)"},
    "handover.title_applied": {"nl": "Overdrachtsplan per {on} (opgeslagen)", "en": "Handover plan for {on} (stored)"},
    "handover.reason_required": {
        "nl": "--apply slaat het plan op en vraagt een reden: --reason \"vertrek per 1 maart\".",
        "en": "--apply stores the plan and needs a reason: --reason \"leaving on 1 March\".",
    },
    "help.handover.apply": {"nl": "Sla het plan op als overdrachten (anders alleen een voorstel).", "en": "Store the plan as handovers (otherwise only a proposal)."},
    "help.handover.why": {"nl": "Reden van de overdracht (verplicht bij --apply).", "en": "Reason for the handover (required with --apply)."},
    "handover.client": {"nl": "cliënt", "en": "client"},
    "handover.from": {"nl": "van", "en": "from"},
    "handover.to": {"nl": "naar", "en": "to"},
    "handover.reason": {"nl": "waarom", "en": "why"},
    "handover.summary": {
        "nl": "{moved} van {total} cliënten krijgen een nieuwe medewerker; {known} ({known_pct}) iemand die ze al kennen, {team} een collega uit hetzelfde team; {unplaced} zonder plek.",
        "en": "{moved} of {total} clients get a new professional; {known} ({known_pct}) someone they already know, {team} a colleague from the same team; {unplaced} without a place.",
    },
    "handover.loads": {
        "nl": "Caseload van de ontvangers: gemiddeld {before} voor, {after} na; hoogste {max_after}.",
        "en": "Caseload of the receivers: mean {before} before, {after} after; highest {max_after}.",
    },
    "handover.missing": {"nl": "Te weinig ruimte in {group}: {count} cliënt(en) zonder plek.", "en": "Not enough room in {group}: {count} client(s) without a place."},
    "handover.nobody": {"nl": "Geen actieve cliënten met deze medewerker(s) als vaste medewerker.", "en": "No active clients with these professional(s) as main professional."},
    "help.handover": {
        "nl": "Plan de overdracht als medewerkers vertrekken: zoveel mogelijk cliënten naar iemand die ze al kennen, binnen ieders maximale caseload (voorstel; er wordt niets opgeslagen).",
        "en": "Plan the handover when professionals leave: as many clients as possible to someone they already know, within everyone's caseload cap (a proposal; nothing is stored).",
    },
    "help.handover.leaving": {"nl": "Eigen nummer(s) van de vertrekkende medewerker(s), met komma's.", "en": "Own number(s) of the leaving professional(s), comma-separated."},
    "help.handover.on": {"nl": "Vertrekdatum.", "en": "Leaving date."},
    "help.handover.scope": {"nl": "organization (standaard) of team: waar ontvangers vandaan komen.", "en": "organization (default) or team: where receivers come from."},
    "help.handover.cap": {"nl": "Maximale caseload voor iedereen (anders ieders eigen caseload_cap).", "en": "Caseload cap for everyone (otherwise each one's own caseload_cap)."},
    "help.handover.households": {"nl": "Houd huishoudens bij elkaar (standaard) of splits ze.", "en": "Keep households together (default) or split them."},
    "help.handover.output": {"nl": "Schrijf het plan naar .csv of .parquet.", "en": "Write the plan to .csv or .parquet."},
    "reidentify.done": {
        "nl": "{count} pseudoniemen vervangen door uw eigen nummers: {path}. Dit bestand bevat identificaties: bewaar het veilig.",
        "en": "{count} pseudonyms replaced by your own numbers: {path}. This file holds identifiers: keep it safe.",
    },
    "help.reidentify": {
        "nl": "Zet pseudoniemen in een bestand (bijvoorbeeld een overdrachtsplan) terug naar uw eigen nummers, met de sleutel en uw eigen lijst van nummers.",
        "en": "Turn pseudonyms in a file (for example a handover plan) back into your own numbers, with the key and your own list of numbers.",
    },
    "help.reidentify.file": {"nl": "Het bestand met pseudoniemen (.csv of .parquet).", "en": "The file with pseudonyms (.csv or .parquet)."},
    "help.reidentify.ids": {"nl": "Uw eigen nummers (cliënten, huishoudens, medewerkers), één per regel.", "en": "Your own numbers (clients, households, professionals), one per line."},
    "help.reidentify.output": {"nl": "Uitvoerbestand (standaard naam.herleid.csv).", "en": "Output file (default name.herleid.csv)."},
    "rebalance.nothing": {"nl": "Niemand zit boven de maximale caseload: er hoeft niets te verschuiven.", "en": "Nobody is over their caseload cap: nothing needs to move."},
    "help.rebalance": {
        "nl": "Breng medewerkers boven hun maximale caseload eronder met zo min mogelijk verschuivingen, bekende gezichten eerst (voorstel tenzij --apply).",
        "en": "Bring professionals over their caseload cap under it with as few moves as possible, known faces first (a proposal unless --apply).",
    },
    "help.rebalance.team": {"nl": "Alleen dit team.", "en": "Only this team."},
    "help.rebalance.on": {"nl": "Peildatum (standaard de dag na het laatste contact).", "en": "Reference date (default the day after the last contact)."},
    # simulate
    "simulate.unknown": {"nl": "Onbekend scenario '{value}': geen preset ({presets}) en geen bestand.", "en": "Unknown scenario '{value}': no preset ({presets}) and no file."},
    "simulate.toml": {"nl": "{path} is geen geldig TOML-bestand: {reason}", "en": "{path} is not a valid TOML file: {reason}"},
    "simulate.lever": {"nl": "{path}: onbekende hendel(s) {value}. Hendels: {levers}.", "en": "{path}: unknown lever(s) {value}. Levers: {levers}."},
    "simulate.value": {"nl": "{path}: hendel {lever} = {value} kan niet; verwacht: {expected}.", "en": "{path}: lever {lever} = {value} is not possible; expected: {expected}."},
    "simulate.materialize_needs_out": {"nl": "--materialize schrijft bestanden en heeft -o MAP nodig.", "en": "--materialize writes files and needs -o DIR."},
    "simulate.materialized": {
        "nl": "Scenario '{name}' als gegevens geschreven naar {path} (importeren met vertrouwd import).",
        "en": "Scenario '{name}' written as data to {path} (import with vertrouwd import).",
    },
    "help.simulate.materialize": {
        "nl": "Schrijf ook alle contacten, medewerkers, cliënten en contracten van de eerste run uit (voor import, metingen en rapport).",
        "en": "Also write out every contact, professional, client and contract of the first run (for import, measures and the report).",
    },
    "help.simulate.report": {"nl": "Schrijf de vergelijking als rapport (HTML).", "en": "Write the comparison as a report (HTML)."},
    "report.scenarios_missing": {"nl": "Scenariobestand {path} bestaat niet (maak het met vertrouwd simulate -o MAP).", "en": "Scenario file {path} does not exist (make it with vertrouwd simulate -o DIR)."},
    "report.scenarios_bad": {"nl": "{path} is geen simulation.csv van vertrouwd simulate: {reason}", "en": "{path} is not a simulation.csv from vertrouwd simulate: {reason}"},
    "report.missing_columns": {"nl": "kolommen ontbreken: {columns}", "en": "columns missing: {columns}"},
    "report.no_rows": {"nl": "geen scenario's", "en": "no scenarios"},
    "report.scenarios_value": {"nl": "{path}, regel {line}, kolom {column}: '{value}' is geen getal.", "en": "{path}, line {line}, column {column}: '{value}' is not a number."},
    "help.report.scenarios": {"nl": "Neem de scenario's uit deze simulation.csv (van vertrouwd simulate -o) op in het rapport.", "en": "Include the scenarios from this simulation.csv (from vertrouwd simulate -o) in the report."},
    "demo.scenario_9": {"nl": "contracten van 9 jaar", "en": "9-year contracts"},
    "demo.scenario_duo": {"nl": "duo's en bekende gezichten", "en": "duos and known faces"},
    "progress.simulate": {"nl": "Scenario's doorrekenen", "en": "Running scenarios"},
    "report.simulation_title": {"nl": "Scenario's voor continuïteit", "en": "Scenarios for continuity"},
    "report.section.simulation": {"nl": "Scenario's naast elkaar (gesimuleerd)", "en": "Scenarios side by side (simulated)"},
    "report.table.simulation": {"nl": "Kerncijfers per scenario (met meer runs: gemiddelde en 95%-interval)", "en": "Key figures per scenario (with several runs: mean and 95% interval)"},
    "report.chart.simulation": {"nl": "Verschillende medewerkers per cliënt, per scenario", "en": "Different professionals per client, by scenario"},
    "column.scenario": {"nl": "scenario", "en": "scenario"},
    "column.professionals_mean": {"nl": "medewerkers per cliënt", "en": "professionals per client"},
    "column.staff_outflow": {"nl": "uitstroom personeel per jaar", "en": "staff outflow per year"},
    "column.trajectory_professionals": {"nl": "medewerkers per afgerond traject", "en": "professionals per completed trajectory"},
    "column.trajectory_replacements": {"nl": "herplaatsingen per afgerond traject", "en": "re-placements per completed trajectory"},
    "column.upc_mean": {"nl": "gem. UPC", "en": "mean UPC"},
    "column.coc_mean": {"nl": "gem. COC", "en": "mean COC"},
    "column.broken_per_100_per_year": {"nl": "verbroken per 100 per jaar", "en": "broken per 100 per year"},
    "simulate.title": {"nl": "Scenario's over {years} jaar, {clients} cliënten, {runs} run(s) (95%-interval)", "en": "Scenarios over {years} years, {clients} clients, {runs} run(s) (95% interval)"},
    "simulate.scenario": {"nl": "scenario", "en": "scenario"},
    "simulate.professionals": {"nl": "medewerkers per cliënt", "en": "professionals per client"},
    "simulate.upc": {"nl": "UPC", "en": "UPC"},
    "simulate.coc": {"nl": "COC", "en": "COC"},
    "simulate.broken": {"nl": "verbroken per 100 per jaar", "en": "broken per 100 per year"},
    "simulate.risk": {"nl": "risico", "en": "at risk"},
    "simulate.outflow": {"nl": "uitstroom personeel per jaar", "en": "staff outflow per year"},
    "simulate.trajectory": {
        "nl": "Scenario '{name}': per afgerond traject gemiddeld {professionals} verschillende medewerkers en {replacements} herplaatsingen.",
        "en": "Scenario '{name}': per completed trajectory on average {professionals} different professionals and {replacements} re-placements.",
    },
    "simulate.compare": {
        "nl": "Met scenario '{other}' zien cliënten in {years} jaar gemiddeld {b} in plaats van {a} verschillende medewerkers (scenario '{base}').",
        "en": "With scenario '{other}', clients see on average {b} instead of {a} different professionals in {years} years (scenario '{base}').",
    },
    "help.simulate": {
        "nl": "Simuleer wat hendels (aanbesteding, verloop, caseload) met continuïteit doen, en vergelijk scenario's op dezelfde toevalsgetallen.",
        "en": "Simulate what levers (tendering, turnover, caseload) do to continuity, and compare scenarios on the same random numbers.",
    },
    "help.simulate.preset": {"nl": "Preset (buurtteam, buurtteam-subsidie, bijstand, jeugdzorg-verblijf) of TOML-bestand met hendels; zie docs/simulate.md.", "en": "Preset (buurtteam, buurtteam-subsidie, bijstand, jeugdzorg-verblijf) or TOML file with levers; see docs/simulate.md."},
    "help.simulate.vs": {"nl": "Vergelijk met dit scenario (herhaalbaar).", "en": "Compare with this scenario (repeatable)."},
    "help.simulate.runs": {"nl": "Aantal runs met verschillende startwaarden.", "en": "Number of runs with different seeds."},
    "help.simulate.output": {"nl": "Map voor simulation.csv.", "en": "Directory for simulation.csv."},
}
