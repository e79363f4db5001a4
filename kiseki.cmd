@echo off
rem Kiseki launcher for Windows.
rem   kiseki              build if needed, then open the workbench
rem   kiseki <command>    build if needed, then run the headless engine (kiseki --help lists the commands)
setlocal enabledelayedexpansion
set "HERE=%~dp0"
if "%JAVA_HOME%"=="" (
  echo Kiseki needs a JDK 21 or newer: install one and set JAVA_HOME to it. 1>&2
  exit /b 1
)
set "ENGINE_JAR="
for %%f in ("%HERE%engine\target\kiseki-engine-*.jar") do set "ENGINE_JAR=%%f"
set "APP_JAR="
for %%f in ("%HERE%app\target\kiseki-app-*.jar") do set "APP_JAR=%%f"
if "%ENGINE_JAR%"=="" goto build
if "%APP_JAR%"=="" goto build
goto run
:build
echo Building Kiseki (first run; this takes a minute)... 1>&2
pushd "%HERE%"
call mvnw.cmd -q -B -DskipTests package
if errorlevel 1 ( popd & echo kiseki: the build failed 1>&2 & exit /b 1 )
popd
for %%f in ("%HERE%engine\target\kiseki-engine-*.jar") do set "ENGINE_JAR=%%f"
for %%f in ("%HERE%app\target\kiseki-app-*.jar") do set "APP_JAR=%%f"
:run
if not "%~1"=="" (
  "%JAVA_HOME%\bin\java" -XX:MaxRAMPercentage=70 %KISEKI_JAVA_OPTS% -jar "%ENGINE_JAR%" %*
  exit /b !errorlevel!
)
set "FX="
set "CP=%APP_JAR%"
for %%f in ("%HERE%app\target\lib\*.jar") do (
  set "NAME=%%~nxf"
  if "!NAME:~0,7!"=="javafx-" ( set "FX=!FX!;%%f" ) else ( set "CP=!CP!;%%f" )
)
"%JAVA_HOME%\bin\java" -XX:MaxRAMPercentage=70 %KISEKI_JAVA_OPTS% --module-path "!FX:~1!" --add-modules javafx.controls -cp "!CP!" kiseki.app.KisekiApp
exit /b !errorlevel!
