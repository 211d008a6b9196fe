# The README line ending in '# <comment>', run as written, one step (`;`) at a time, each stopping
# the job when it fails (PowerShell itself would go on after a failed program). The Windows twin
# of .ci/run's readme_command; the windows job of .github/workflows/ci.yml dot-sources it.
function Invoke-ReadmeLine([string] $Comment) {
    $pattern = '^(.*\S)\s*# ' + [regex]::Escape($Comment) + '$'
    $found = @(Get-Content -Encoding UTF8 (Join-Path $PWD 'README.md') | Where-Object { $_ -match $pattern })
    if ($found.Count -ne 1) { throw "README.md must have exactly one line ending in '# $Comment'" }
    $null = $found[0] -match $pattern
    $command = $Matches[1]
    Write-Host "== $command"
    foreach ($step in ($command -split ';\s*')) {
        if (-not $step.Trim()) { continue }
        Write-Host "> $step"
        Invoke-Expression $step
        if ($LASTEXITCODE -ne 0) { throw "exit $LASTEXITCODE from: $step" }
    }
}

# A clone of the commit under test, made as Git for Windows makes one (core.autocrlf=true).
function New-Clone([string] $Path) {
    $commit = git -C $env:GITHUB_WORKSPACE rev-parse HEAD
    git -c core.autocrlf=true clone --quiet --no-checkout $env:GITHUB_WORKSPACE $Path
    if ($LASTEXITCODE -ne 0) { throw "git clone failed" }
    git -C $Path -c core.autocrlf=true checkout --quiet --detach $commit
    if ($LASTEXITCODE -ne 0) { throw "git checkout $commit failed" }
    git -C $Path config core.autocrlf true
}
