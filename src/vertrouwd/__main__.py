from vertrouwd.cli import main

main()
