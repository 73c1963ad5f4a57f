package io.accounttasks.commandside;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The two sides share only core-api's messages and the database schema: never each other's code. */
@AnalyzeClasses(packages = "io.accounttasks.commandside", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule commandSideKnowsNothingOfTheQuerySideOrTheGateway = noClasses()
            .that().resideInAPackage("io.accounttasks.commandside..")
            .should().dependOnClassesThat().resideInAnyPackage("io.accounttasks.queryside..",
                    "io.accounttasks.gateway..");

    @ArchTest
    static final ArchRule aggregatesStayInsideTheirCapability = noClasses()
            .that().resideInAPackage("io.accounttasks.commandside.task..")
            .should().dependOnClassesThat().resideInAnyPackage("io.accounttasks.commandside.account..",
                    "io.accounttasks.commandside.user..");
}
