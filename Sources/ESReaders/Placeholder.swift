import ESRecords
