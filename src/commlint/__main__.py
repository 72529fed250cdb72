from commlint.cli import console

console()
