# COST of the long unit tests (included by CTestTestfile.cmake after the GoogleTest cases are
# discovered; see tests/CMakeLists.txt). ctest -j starts tests in descending COST until it has timings
# of its own (build/Testing/Temporary/CTestCostData.txt): with every unit test at 0, one of these could
# start last and hold a slot while the other stands idle. Seconds of each case alone in one
# unit_tests process on a loaded machine (session 13); what matters is that they come before the
# 1,200 cases of milliseconds, which then fill both slots to the end. A name that is no longer a test
# is ignored by ctest (a renamed case only loses its place in the order).
foreach(tc
    ExportProperty.EveryStoredAnswerInExactlyOneCellInEveryFormat:27
    ExportProperty.SavAndDtaNamesAreValidAndUnique:21
    ExportReaders.PsppHavenAndOpenpyxlReadBackEveryValueAndLabel:20
    ExportReaders.DontKnowIsMissingInPsppHavenAndStataMeans:3
    ConsoleTest.ThrottleHoldsTheNameBackButNotAKnownBrowser:10
    ChromiumIsolation.APrintedDocumentLoadsNothingElse:10
    ConsoleTest.ConcurrentGuessesGetNoExtraChecks:7
    ConsoleTest.FailedSignInsPerAddressAreLimited:7
    StorageOpen.ASilentPostgresqlServerTimesOutInFiveSeconds:5
    TokyoStudy.OwnerSetsTheZoneWithCsrfRoleAndAudit:4
    PageLanguages.NoInterfaceTextIsLeftInEnglish:3
    AppInit.OwnerMadeInTheBackgroundSignsIn:3
    PrivacyConsoleTest.OwnersOnlyConfirmedAndWithTheSessionsToken:3
    ConsoleTest.ChangingYourPasswordEndsYourOtherSessions:3
    ConsoleTest.SecureOnlyOverTlsThroughTheTrustedProxy:3)
  string(REGEX MATCH "^(.*):([0-9]+)$" _ "${tc}")
  set_tests_properties("${CMAKE_MATCH_1}" PROPERTIES COST ${CMAKE_MATCH_2})
endforeach()
