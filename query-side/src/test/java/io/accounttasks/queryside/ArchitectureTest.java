package io.accounttasks.queryside;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The two sides share only core-api's messages and the database schema: never each other's code. */
@AnalyzeClasses(packages = "io.accounttasks.queryside", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule querySideKnowsNothingOfTheCommandSideOrTheGateway = noClasses()
            .that().resideInAPackage("io.accounttasks.queryside..")
            .should().dependOnClassesThat().resideInAnyPackage("io.accounttasks.commandside..",
                    "io.accounttasks.gateway..");
}
